/**
 * The server as wired for production with REDIS_URL set: the rate limits
 * (here the registration limit, REGISTER, and WRITE) are counted in Redis (the keys are there, under
 * REDIS_KEY_PREFIX) and not in the database, whose RateLimiter the Redis
 * one replaces. A Redis that does not answer stops start-up, and a URL that
 * is not redis:// is refused naming the variable.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Redis } from "@holonet/redis-adapter"
import { TempRedis } from "@holonet/redis-adapter/testing"
import { Sqlite } from "@holonet/sql-adapter"
import { ConfigProvider, Effect, Redacted } from "effect"
import { mkdtempSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AppConfig } from "../src/AppConfig.js"
import * as InProcessServer from "./InProcessServer.js"

const databaseFile = () => join(mkdtempSync(join(tmpdir(), "holonet-server-redis-")), "holonet.db")

/** Starts the server on `file` in the current scope with the Redis settings in `redis`; answers its base URL. */
const start = (file: string, redis: Record<string, string>) =>
  InProcessServer.start(`sqlite:${file}`, {
    AGENT_SCHEDULER: "false",
    AGENT_REGISTRATIONS_PER_HOUR: "2",
    RATE_LIMITS: "on",
    ...redis
  })

const registerAgent = (base: string, username: string) =>
  Effect.promise(() =>
    fetch(`${base}/api/agents`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username })
    }).then(async (response) => ({ status: response.status, retryAfter: response.headers.get("retry-after") }))
  )

const redisHash = (key: string) =>
  Effect.scoped(
    Effect.flatMap(Redis.make({ url: TempRedis.url }), (connection) => connection.use((client) => client.hgetall(key)))
  )

const rateLimitRows = (file: string) =>
  Effect.flatMap(
    SqlClient.SqlClient,
    (sql) => sql<{ readonly n: number }>`SELECT COUNT(*) AS n FROM rate_limits`
  ).pipe(Effect.map((rows) => rows[0]?.n), Effect.provide(Sqlite.layer(file)))

describe("server with REDIS_URL", () => {
  it.live("the agent registration limit is counted in Redis, not in the database", () =>
    Effect.gen(function*() {
      const file = databaseFile()
      const prefix = yield* TempRedis.keyPrefix
      const statuses = yield* Effect.scoped(
        Effect.gen(function*() {
          const base = yield* start(file, { REDIS_URL: Redacted.value(TempRedis.url), REDIS_KEY_PREFIX: prefix })
          const answers = []
          for (const name of ["scout_1", "scout_2", "scout_3"]) answers.push(yield* registerAgent(base, name))
          return answers
        })
      )
      expect(statuses.map((answer) => answer.status)).toEqual([201, 201, 429])
      expect(Number(statuses[2]?.retryAfter)).toBeGreaterThan(3500)

      // Two counters: REGISTER and WRITE (every POST), both for the client address.
      const keys = [...(yield* TempRedis.keysUnder(prefix))].sort()
      expect(keys).toHaveLength(2)
      const [register = "", write = ""] = keys
      expect(register).toMatch(new RegExp(`^${prefix}rl:REGISTER:a:.*127\\.0\\.0\\.1$`))
      expect(write).toMatch(new RegExp(`^${prefix}rl:WRITE:a:.*127\\.0\\.0\\.1$`))
      expect((yield* redisHash(register))["count"]).toBe("3")
      expect((yield* redisHash(write))["count"]).toBe("3")
      expect(yield* rateLimitRows(file)).toBe(0)
    }).pipe(Effect.scoped))

  it.live("without REDIS_URL the same limit is counted in the database", () =>
    Effect.gen(function*() {
      const file = databaseFile()
      const statuses = yield* Effect.scoped(
        Effect.flatMap(start(file, {}), (base) =>
          Effect.forEach(["scout_1", "scout_2", "scout_3"], (name) => registerAgent(base, name)))
      )
      expect(statuses.map((answer) =>
        answer.status
      )).toEqual([201, 201, 429])
      // REGISTER and WRITE.
      expect(yield* rateLimitRows(file)).toBe(2)
    }))

  it.live("a Redis that does not answer stops start-up", () =>
    Effect.gen(function*() {
      const port = yield* Effect.async<number>((resume) => {
        const probe = createServer().listen(0, "127.0.0.1", () => {
          const address = probe.address()
          probe.close(() => resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0)))
        })
      })
      const error = yield* Effect.flip(Effect.scoped(start(databaseFile(), { REDIS_URL: `redis://127.0.0.1:${port}` })))
      expect(error).toBeInstanceOf(Redis.RedisConnectError)
    }))

  it.effect("REDIS_URL must be a redis:// or rediss:// URL", () =>
    Effect.gen(function*() {
      const load = (env: Record<string, string>) =>
        AppConfig.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
      expect((yield* load({})).redisUrl._tag).toBe("None")
      const set = yield* load({ REDIS_URL: "rediss://:pw@cache.example:6380/2", REDIS_KEY_PREFIX: "blue:" })
      expect(set.redisUrl._tag === "Some" && Redacted.value(set.redisUrl.value)).toBe(
        "rediss://:pw@cache.example:6380/2"
      )
      expect(set.redisKeyPrefix).toBe("blue:")
      const error = yield* Effect.flip(load({ REDIS_URL: "http://cache.example" }))
      expect(String(error)).toContain("REDIS_URL")
      expect(String(error)).toContain("Expected a redis:// or rediss:// URL")
    }))
})
