/**
 * Servers started at the same moment on one fresh PostgreSQL database, as
 * real processes: a cluster (WORKERS=2, whose primary migrates) and a single
 * server migrate together (the advisory lock makes them take turns), both
 * come up, and a token issued by one is accepted by the other.
 */
import { describe, expect, it } from "@effect/vitest"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { Effect, Redacted } from "effect"
import { request, signUp, spawn, stop } from "./ServerProcesses.js"

describe("WORKERS=2 on PostgreSQL", () => {
  it.live(
    "a cluster and a single server started together on a fresh database both come up and share accounts",
    () =>
      Effect.gen(function*() {
        const url = yield* TempDatabasePg.url
        const env = {
          PORT: "0",
          DATABASE_URL: Redacted.value(url),
          DATABASE_POOL_SIZE: "3",
          SECRET_KEY: "an-adequately-long-test-secret-key-0123456789",
          SCRYPT_COST: "1024",
          AGENT_SCHEDULER: "false",
          SHUTDOWN_TIMEOUT_SECONDS: "5"
        }
        const servers = [spawn({ ...env, WORKERS: "2" }), spawn(env)]
        yield* Effect.addFinalizer(() => Effect.sync(() => servers.forEach((server) => stop(server.child))))
        const [cluster, single] = servers
        if (cluster === undefined || single === undefined) return yield* Effect.dieMessage("two servers")
        const [clusterPort, singlePort] = yield* Effect.promise(() => Promise.all([cluster.port, single.port]))

        const { registered, token } = yield* signUp({ register: singlePort, login: clusterPort }, "bob")
        expect(registered).toBe(201)
        for (const port of [clusterPort, clusterPort, singlePort]) {
          const me = yield* request(port, "GET", "/api/users/me", { token })
          expect(me).toMatchObject({ status: 200, body: { username: "bob" } })
        }

        for (const server of servers) server.child.kill("SIGTERM")
        expect(yield* Effect.promise(() => Promise.all(servers.map((server) => server.exited)))).toEqual([0, 0])
      }).pipe(Effect.scoped),
    { timeout: 120_000 }
  )
})
