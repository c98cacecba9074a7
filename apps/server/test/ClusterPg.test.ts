/**
 * Servers started at the same moment on one fresh PostgreSQL database, as
 * real processes: a cluster (WORKERS=2, whose primary migrates) and a single
 * server migrate together (the advisory lock makes them take turns), both
 * come up, and a token issued by one is accepted by the other.
 */
import { describe, expect, it } from "@effect/vitest"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { Effect, Redacted, Schema } from "effect"
import { call, startServer, stop } from "./ServerProcess.js"

const AccessToken = Schema.Struct({ access_token: Schema.String })
const listeningPort = /Listening on http:\/\/[^\s:]+:(\d+)/

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
        const servers = [startServer({ ...env, WORKERS: "2" }), startServer(env)]
        yield* Effect.addFinalizer(() => Effect.sync(() => servers.forEach(stop)))
        const [cluster, single] = servers
        if (cluster === undefined || single === undefined) return yield* Effect.dieMessage("two servers")
        const clusterPort = Number(
          (yield* Effect.promise(() => cluster.waitFor(/All 2 workers listening on http:\/\/[^\s:]+:(\d+)/)))[1]
        )
        const singlePort = Number((yield* Effect.promise(() => single.waitFor(listeningPort)))[1])

        const registered = yield* Effect.promise(() =>
          call(singlePort, "POST", "/api/users", { json: { username: "bob", password: "correct-horse" } })
        )
        expect(registered.status).toBe(201)
        const login = yield* Effect.promise(() =>
          call(clusterPort, "POST", "/api/auth/login", { json: { username: "bob", password: "correct-horse" } })
        )
        const token = Schema.decodeUnknownSync(AccessToken)(login.body).access_token
        for (const port of [clusterPort, clusterPort, singlePort]) {
          const me = yield* Effect.promise(() => call(port, "GET", "/api/users/me", { token }))
          expect(me).toMatchObject({ status: 200, body: { username: "bob" } })
        }

        for (const server of servers) server.child.kill("SIGTERM")
        expect(yield* Effect.promise(() => Promise.all(servers.map((server) => server.exited)))).toEqual([0, 0])
      }).pipe(Effect.scoped),
    { timeout: 120_000 }
  )
})
