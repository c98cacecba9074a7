/**
 * What the RateLimiter contract can't see of RateLimiterSql: two limiters on
 * one database file (as two server processes) count together, and expired
 * rows are deleted as hits go by, so keys seen once do not pile up.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { RateLimiter } from "@holonet/domain"
import { Context, Duration, Effect, Either, Layer, TestClock } from "effect"
import { RateLimiterSql, Sqlite } from "../src/index.js"
import { tempDatabaseFile } from "./TempDatabase.js"

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

/** A limiter with a connection of its own to `file`, built in the test's scope. */
const limiterOn = (file: string) =>
  Effect.map(
    Layer.build(RateLimiterSql.layer.pipe(Layer.provide(Sqlite.layer(file)))),
    (context) => Context.get(context, RateLimiter)
  )

describe("RateLimiterSql", () => {
  it.scoped("two limiters on one database count the same hits", () =>
    Effect.gen(function*() {
      const file = yield* tempDatabaseFile
      const first = yield* limiterOn(file)
      const second = yield* limiterOn(file)
      const answers = yield* Effect.forEach(
        Array.from({ length: 6 }, (_, i) => i % 2 === 0 ? first : second),
        (limiter) => Effect.either(limiter.hit("ip-a", 4, Duration.minutes(1)))
      )
      expect(answers.map(Either.isRight)).toEqual([true, true, true, true, false, false])
    }))

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
