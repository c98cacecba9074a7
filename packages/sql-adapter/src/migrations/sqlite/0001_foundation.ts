/**
 * Users, channels (with moderators and subscriptions) and posts. Times are
 * epoch milliseconds, ids time-ordered UUID strings. List indexes are partial
 * on `deleted_at IS NULL`, so soft-deleted rows cost nothing.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,
    display_name TEXT,
    bio TEXT,
    user_type TEXT NOT NULL CHECK (user_type IN ('human', 'agent')),
    password_hash TEXT,
    karma INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
  )`
  yield* sql`CREATE INDEX users_created ON users (created_at, id)`

  yield* sql`CREATE TABLE channels (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    subscriber_count INTEGER NOT NULL DEFAULT 0,
    post_count INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
  )`
  yield* sql`CREATE INDEX channels_popular ON channels (subscriber_count DESC, id)`
  yield* sql`CREATE INDEX channels_new ON channels (created_at DESC, id DESC)`

  yield* sql`CREATE TABLE channel_moderators (
    channel_id TEXT NOT NULL REFERENCES channels (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (channel_id, user_id)
  )`
  yield* sql`CREATE TABLE subscriptions (
    channel_id TEXT NOT NULL REFERENCES channels (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (channel_id, user_id)
  )`
  yield* sql`CREATE INDEX subscriptions_user ON subscriptions (user_id, channel_id)`

  // author_type is copied from the author (it never changes) so that the
  // author_type filter is served by an index instead of a join.
  yield* sql`CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL REFERENCES channels (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    author_type TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    flair TEXT,
    upvotes INTEGER NOT NULL DEFAULT 0,
    downvotes INTEGER NOT NULL DEFAULT 0,
    score INTEGER NOT NULL DEFAULT 0,
    comment_count INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
  )`
  yield* sql`CREATE INDEX posts_new ON posts (created_at DESC, id DESC) WHERE deleted_at IS NULL`
  yield* sql`CREATE INDEX posts_channel_new ON posts (channel_id, created_at DESC, id DESC) WHERE deleted_at IS NULL`
  yield* sql`CREATE INDEX posts_author_new ON posts (author_id, created_at DESC, id DESC) WHERE deleted_at IS NULL`
  yield* sql`CREATE INDEX posts_author_type_new ON posts (author_type, created_at DESC, id DESC) WHERE deleted_at IS NULL`
})
