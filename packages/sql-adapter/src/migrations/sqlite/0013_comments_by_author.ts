/**
 * A user's recent comments, newest first, for their profile page:
 * `comments_author` serves `WHERE author_id = ? ORDER BY created_at DESC, id DESC`.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE INDEX comments_author ON comments (author_id, created_at, id)`
})
