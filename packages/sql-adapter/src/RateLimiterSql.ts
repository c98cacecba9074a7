/**
 * RateLimiter on @effect/sql: the fixed windows of RateLimiterMemory kept in
 * the `rate_limits` table, so that every server process on the database
 * counts the same attempts. Each hit is one upsert that starts a new window
 * or counts in the current one and returns the count, atomic on SQLite and
 * PostgreSQL alike (no read-then-write); the hit fails when the count is
 * past the limit. Refused hits are counted too, which changes nothing: the
 * key stays refused until the window ends either way. A peek is one SELECT.
 *
 * The counting is written here rather than taken from a library: Effect's
 * RateLimiter (@effect/experimental) has memory and Redis stores only, and
 * rate-limiter-flexible's SQL stores bring their own driver and read the
 * wall clock, where these windows follow Effect's Clock (TestClock in the
 * contract suite) and share the app's SqlClient and transactions.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { quotaAfter, RateLimited, RateLimiter } from "@holonet/domain"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { dieOnSqlError, type EpochMillis, execute } from "./Rows.js"

/**
 * Every this many hits a process also deletes the rows whose window has
 * ended (served by the window_end index), so keys seen once do not pile up.
 * An expired row and a missing one mean the same to the upsert, so the sweep
 * never changes an answer.
 */
const sweepEvery = 256

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  let hitsSinceSweep = 0

  // The SET expressions all read the row as it was, so a window that has
  // ended (window_end <= now, `excluded.window_start` being now) restarts at
  // now with a count of one.
  const count = (key: string, now: number, length: number) =>
    dieOnSqlError(
      sql<{ readonly count: number | string; readonly window_end: EpochMillis }>`
        INSERT INTO rate_limits (key, window_start, window_end, count)
        VALUES (${key}, ${now}, ${now + length}, 1)
        ON CONFLICT (key) DO UPDATE SET
          window_start = CASE WHEN rate_limits.window_end <= excluded.window_start
            THEN excluded.window_start ELSE rate_limits.window_start END,
          window_end = CASE WHEN rate_limits.window_end <= excluded.window_start
            THEN excluded.window_end ELSE rate_limits.window_end END,
          count = CASE WHEN rate_limits.window_end <= excluded.window_start
            THEN 1 ELSE rate_limits.count + 1 END
        RETURNING count, window_end`
    )

  const current = (key: string, now: number) =>
    dieOnSqlError(
      sql<{ readonly count: number | string; readonly window_end: EpochMillis }>`
        SELECT count, window_end FROM rate_limits WHERE key = ${key} AND window_end > ${now}`
    )

  const sweep = (now: number) => {
    hitsSinceSweep += 1
    if (hitsSinceSweep < sweepEvery) return Effect.void
    hitsSinceSweep = 0
    return execute(sql`DELETE FROM rate_limits WHERE window_end <= ${now}`)
  }

  return RateLimiter.of({
    hit: Effect.fnUntraced(function*(key, limit, window, options) {
      const now = yield* Clock.currentTimeMillis
      const length = Duration.toMillis(window)
      const peek = options?.peek === true
      if (!peek) yield* sweep(now)
      const rows = peek ? yield* current(key, now) : yield* count(key, now, length)
      const row = rows[0]
      const answer = quotaAfter(
        row === undefined ? (peek ? 0 : 1) : Number(row.count),
        limit,
        row === undefined ? now + length : Number(row.window_end),
        now,
        peek
      )
      if (answer.refused) return yield* new RateLimited({ retryAfterSeconds: answer.state.resetSeconds, limit })
      return answer.state
    })
  })
})

export const layer = Layer.effect(RateLimiter, make)
