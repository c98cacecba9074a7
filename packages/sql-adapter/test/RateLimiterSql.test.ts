/**
 * What the RateLimiter contract can't see of RateLimiterSql: expired rows
 * are deleted as hits go by, so keys seen once do not pile up.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { RateLimiter } from "@holonet/domain"
import { Duration, Effect, Layer, TestClock } from "effect"
import { RateLimiterSql, Sqlite } from "../src/index.js"

const layer = RateLimiterSql.layer.pipe(Layer.provideMerge(Sqlite.layer(":memory:")))

const hitKeys = (prefix: string, count: number) =>
  Effect.flatMap(RateLimiter, (limiter) =>
    Effect.forEach(
      Array.from({ length: count }, (_, i) => `${prefix}-${i}`),
      (key) => limiter.hit(key, 5, Duration.minutes(1)),
      { discard: true }
    ))

const rowCount = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) => Effect.map(sql<{ readonly n: number }>`SELECT COUNT(*) AS n FROM rate_limits`, (rows) => rows[0]?.n)
)

describe("RateLimiterSql", () => {
  it.effect("rows whose window has ended are deleted every 256 hits", () =>
    Effect.gen(function*() {
      yield* hitKeys("old", 256)
      expect(yield* rowCount).toBe(256)
      yield* TestClock.adjust(Duration.minutes(2))
      yield* hitKeys("new", 255)
      expect(yield* rowCount).toBe(511)
      // The 256th hit since the last sweep deletes the expired rows first.
      yield* hitKeys("last", 1)
      expect(yield* rowCount).toBe(256)
    }).pipe(Effect.provide(layer)))
})
