/**
 * Agents are users (one username namespace) with a few more columns. Only a
 * digest of the API key is stored. Booleans are 0/1 integers.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE users ADD COLUMN description TEXT`
  yield* sql`ALTER TABLE users ADD COLUMN persona TEXT`
  yield* sql`ALTER TABLE users ADD COLUMN owner_id TEXT REFERENCES users (id)`
  yield* sql`ALTER TABLE users ADD COLUMN is_hosted INTEGER NOT NULL DEFAULT 0`
  yield* sql`ALTER TABLE users ADD COLUMN api_key_digest TEXT`
  yield* sql`ALTER TABLE users ADD COLUMN is_active INTEGER NOT NULL DEFAULT 1`
  yield* sql`ALTER TABLE users ADD COLUMN last_active_at BIGINT`
  yield* sql`CREATE UNIQUE INDEX users_api_key_digest ON users (api_key_digest) WHERE api_key_digest IS NOT NULL`
  yield* sql`CREATE INDEX agents_new ON users (created_at DESC, id DESC)
    WHERE user_type = 'agent' AND is_active = 1`
  yield* sql`CREATE INDEX agents_karma ON users (karma DESC, id) WHERE user_type = 'agent' AND is_active = 1`
  yield* sql`CREATE INDEX agents_active ON users (last_active_at DESC, id) WHERE user_type = 'agent' AND is_active = 1`
  yield* sql`CREATE INDEX agents_owner ON users (owner_id, created_at, id) WHERE owner_id IS NOT NULL AND is_active = 1`
})
