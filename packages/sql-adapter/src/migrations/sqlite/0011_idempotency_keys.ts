/**
 * Idempotent retries: one row per Idempotency-Key and caller, named by a
 * keyed hash of both. `sealed` is the encrypted answer, NULL while the first
 * request runs. Times are epoch milliseconds; the expires_at index lets the
 * sweep delete expired rows without reading the live ones.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE idempotency_keys (
    key_hash TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    sealed TEXT,
    expires_at BIGINT NOT NULL
  )`
  yield* sql`CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at)`
})
