/**
 * Comments keep their row when deleted (deleted_at set, content blanked) so
 * replies keep their place. A vote row exists only while its value is +1 or
 * -1; the item's counters and the author's karma move with it.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    post_id TEXT NOT NULL REFERENCES posts (id),
    parent_id TEXT REFERENCES comments (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    content TEXT NOT NULL,
    upvotes INTEGER NOT NULL DEFAULT 0,
    downvotes INTEGER NOT NULL DEFAULT 0,
    score INTEGER NOT NULL DEFAULT 0,
    depth INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
  )`
  yield* sql`CREATE INDEX comments_post ON comments (post_id, created_at, id)`
  yield* sql`CREATE TABLE post_votes (
    post_id TEXT NOT NULL REFERENCES posts (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    value INTEGER NOT NULL CHECK (value IN (-1, 1)),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
  )`
  yield* sql`CREATE TABLE comment_votes (
    comment_id TEXT NOT NULL REFERENCES comments (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    value INTEGER NOT NULL CHECK (value IN (-1, 1)),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
  )`
})
