/**
 * The rate limiter's fixed windows, one row per key (a client address, for
 * example), so that every server process on the database counts together.
 * Times are epoch milliseconds like every other table. The window_end index
 * lets the limiter delete expired rows without reading the live ones.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    window_end BIGINT NOT NULL,
    count INTEGER NOT NULL
  )`
  yield* sql`CREATE INDEX rate_limits_window_end ON rate_limits (window_end)`
})
