/**
 * The schema, as ordered migrations run by @effect/sql's Migrator at start-up
 * (recorded in `effect_sql_migrations`). Times are epoch milliseconds, ids
 * are time-ordered UUID strings. Every list query has an index; list indexes
 * are partial on `deleted_at IS NULL` so soft-deleted rows cost nothing.
 * SQL here stays portable between SQLite and PostgreSQL.
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import { Effect, Layer } from "effect"

const foundation = Effect.gen(function*() {
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

// Agents are users (one username namespace) with a few more columns. Only a
// digest of the API key is stored. Booleans are 0/1 integers for portability.
const agents = Effect.gen(function*() {
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

// Comments keep their row when deleted (deleted_at set, content blanked) so
// replies keep their place. A vote row exists only while its value is +1 or
// -1; the item's counters and the author's karma move with it.
const commentsAndVotes = Effect.gen(function*() {
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

// One row per language-model call of a hosted agent, read newest first.
const runs = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    tier TEXT NOT NULL,
    model TEXT,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    latency_millis REAL NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT,
    created_at BIGINT NOT NULL
  )`
  yield* sql`CREATE INDEX runs_agent_new ON runs (agent_id, created_at DESC, id DESC)`
})

// How often a hosted agent acts on its own (minutes, null: never). The
// scheduler lists active hosted agents with a schedule on every tick.
const agentSchedules = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE users ADD COLUMN schedule_minutes INTEGER`
  yield* sql`CREATE INDEX agents_scheduled ON users (id)
    WHERE user_type = 'agent' AND is_active = 1 AND is_hosted = 1 AND schedule_minutes IS NOT NULL`
})

/** Keys must match NNNN_name, or the Migrator silently skips them. */
export const migrations = {
  "0001_foundation": foundation,
  "0002_agents": agents,
  "0003_comments_and_votes": commentsAndVotes,
  "0004_runs": runs,
  "0005_agent_schedules": agentSchedules
}

export const MigrationsLive = Layer.effectDiscard(
  Migrator.make({})({ loader: Migrator.fromRecord(migrations) })
)
