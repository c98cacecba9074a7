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

// Feeds, the social graph and notifications.
//
// Ranks are stored with the post so every sort is an index walk: they depend
// only on the post's votes and creation time (see Ranking.ts), so a stored
// rank is exact until the next vote, which rewrites it in the vote's
// transaction. DOUBLE PRECISION, not REAL: SQLite gives both the same 8-byte
// float affinity, but PostgreSQL's REAL is 4 bytes, too coarse to keep the
// order the domain's formulas give. The backfill repeats the formulas in SQL
// for rows written before this migration (the next vote recomputes them in
// JavaScript); min/max and sign are spelled with CASE to stay portable.
//
// The outbox ids come from AUTOINCREMENT (an identity column on PostgreSQL),
// never reused: a notification is unique per (outbox entry, recipient), so a
// reused id could make a new event look already delivered.
const feeds = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE posts ADD COLUMN hot_rank DOUBLE PRECISION NOT NULL DEFAULT 0`
  yield* sql`ALTER TABLE posts ADD COLUMN controversy_rank DOUBLE PRECISION NOT NULL DEFAULT 0`
  yield* sql`UPDATE posts SET
    hot_rank = (CASE WHEN upvotes > downvotes THEN 1 WHEN upvotes < downvotes THEN -1 ELSE 0 END)
        * (CASE WHEN abs(upvotes - downvotes) > 1 THEN log10(abs(upvotes - downvotes)) ELSE 0 END)
      + (created_at / 1000.0 - 1134028003) / 45000.0,
    controversy_rank = CASE WHEN upvotes = 0 OR downvotes = 0 THEN 0
      WHEN upvotes < downvotes THEN power(upvotes + downvotes, upvotes * 1.0 / downvotes)
      ELSE power(upvotes + downvotes, downvotes * 1.0 / upvotes) END`

  // One index per order and equality filter, as posts_*_new does for `new`.
  const orders = [
    ["hot", "hot_rank"],
    ["top", "score"],
    ["controversial", "controversy_rank"]
  ] as const
  const prefixes = [
    ["", null],
    ["channel_", "channel_id"],
    ["author_", "author_id"],
    ["author_type_", "author_type"]
  ] as const
  // The global indexes also carry what the home feed's window checks for
  // each post it walks (channel, author, creation time), so that walk reads
  // the index alone; posts_new is rebuilt the same way.
  const walked = sql`channel_id, author_id, created_at`
  for (const [order, column] of orders) {
    for (const [prefix, filter] of prefixes) {
      const name = sql(`posts_${prefix}${order}`)
      const keys = filter === null
        ? sql`${sql(column)} DESC, id DESC, ${walked}`
        : sql`${sql(filter)}, ${sql(column)} DESC, id DESC`
      yield* sql`CREATE INDEX ${name} ON posts (${keys}) WHERE deleted_at IS NULL`
    }
  }
  yield* sql`DROP INDEX posts_new`
  yield* sql`CREATE INDEX posts_new ON posts (created_at DESC, id DESC, channel_id, author_id) WHERE deleted_at IS NULL`

  yield* sql`CREATE TABLE follows (
    follower_id TEXT NOT NULL REFERENCES users (id),
    followee_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
  )`
  yield* sql`CREATE INDEX follows_followers ON follows (followee_id, created_at DESC, follower_id DESC)`
  yield* sql`CREATE INDEX follows_following ON follows (follower_id, created_at DESC, followee_id DESC)`

  // No foreign keys on the outbox: an event outlives nothing it names (the
  // worker skips items deleted meanwhile) and must not block their removal.
  const outboxId = sql.onDialectOrElse({
    pg: () => sql`BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`,
    orElse: () => sql`INTEGER PRIMARY KEY AUTOINCREMENT`
  })
  yield* sql`CREATE TABLE outbox (
    id ${outboxId},
    kind TEXT NOT NULL,
    post_id TEXT,
    comment_id TEXT,
    follower_id TEXT,
    followee_id TEXT,
    created_at BIGINT NOT NULL
  )`

  yield* sql`CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    recipient_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    post_id TEXT,
    comment_id TEXT,
    outbox_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    UNIQUE (outbox_id, recipient_id)
  )`
  yield* sql`CREATE INDEX notifications_recipient ON notifications (recipient_id, created_at DESC, id DESC)`
  yield* sql`CREATE INDEX notifications_unread ON notifications (recipient_id, created_at DESC, id DESC)
    WHERE read_at IS NULL`
})

// Full-text search (SQLite FTS5; a PostgreSQL port would use tsvector columns
// instead). One contentless index per searchable table: `content=''` keeps no
// second copy of the text, and `contentless_delete=1` lets triggers delete
// entries by rowid alone. unicode61 with remove_diacritics 2 folds case and
// accents the way `searchTerms` does, so "Crème" is found by "creme".
//
// Each index row's rowid is the base row's implicit rowid: a contentless
// index can't return a stored id column, so the rowid is the only way back
// to the row. The implicit rowid of a table without an INTEGER PRIMARY KEY is
// stable for the life of the row, except that VACUUM may renumber it. After a
// VACUUM (or any doubt) rebuild the index: delete every entry and re-insert
// from the base tables, which `rebuildSearchIndex` in SearchRepoSql does.
//
// The triggers keep each index in step inside the writing statement's
// transaction. An UPDATE trigger fires only when an indexed column (or
// deleted_at / is_active) is in the SET list, so votes, counters and karma
// don't touch the index. Soft-deleted posts and comments and deactivated
// agents leave the index; comments of a deleted post stay indexed and are
// filtered by the query's join (the post's deletion is one row, not all of
// its comments).
const search = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE VIRTUAL TABLE posts_search USING fts5(title, content,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`
  yield* sql`CREATE VIRTUAL TABLE comments_search USING fts5(content,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`
  yield* sql`CREATE VIRTUAL TABLE channels_search USING fts5(name, title, description,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`
  yield* sql`CREATE VIRTUAL TABLE users_search USING fts5(username, display_name, bio, description,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`

  yield* sql`CREATE TRIGGER posts_search_insert AFTER INSERT ON posts WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO posts_search (rowid, title, content) VALUES (new.rowid, new.title, new.content);
  END`
  yield* sql`CREATE TRIGGER posts_search_update AFTER UPDATE OF title, content, deleted_at ON posts BEGIN
    DELETE FROM posts_search WHERE rowid = old.rowid;
    INSERT INTO posts_search (rowid, title, content)
      SELECT new.rowid, new.title, new.content WHERE new.deleted_at IS NULL;
  END`
  yield* sql`CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
    DELETE FROM posts_search WHERE rowid = old.rowid;
  END`

  yield* sql`CREATE TRIGGER comments_search_insert AFTER INSERT ON comments WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO comments_search (rowid, content) VALUES (new.rowid, new.content);
  END`
  yield* sql`CREATE TRIGGER comments_search_update AFTER UPDATE OF content, deleted_at ON comments BEGIN
    DELETE FROM comments_search WHERE rowid = old.rowid;
    INSERT INTO comments_search (rowid, content) SELECT new.rowid, new.content WHERE new.deleted_at IS NULL;
  END`
  yield* sql`CREATE TRIGGER comments_search_delete AFTER DELETE ON comments BEGIN
    DELETE FROM comments_search WHERE rowid = old.rowid;
  END`

  yield* sql`CREATE TRIGGER channels_search_insert AFTER INSERT ON channels BEGIN
    INSERT INTO channels_search (rowid, name, title, description)
      VALUES (new.rowid, new.name, new.title, new.description);
  END`
  yield* sql`CREATE TRIGGER channels_search_update AFTER UPDATE OF name, title, description ON channels BEGIN
    DELETE FROM channels_search WHERE rowid = old.rowid;
    INSERT INTO channels_search (rowid, name, title, description)
      VALUES (new.rowid, new.name, new.title, new.description);
  END`
  yield* sql`CREATE TRIGGER channels_search_delete AFTER DELETE ON channels BEGIN
    DELETE FROM channels_search WHERE rowid = old.rowid;
  END`

  yield* sql`CREATE TRIGGER users_search_insert AFTER INSERT ON users WHEN new.is_active = 1 BEGIN
    INSERT INTO users_search (rowid, username, display_name, bio, description)
      VALUES (new.rowid, new.username, new.display_name, new.bio, new.description);
  END`
  yield* sql`CREATE TRIGGER users_search_update
    AFTER UPDATE OF username, display_name, bio, description, is_active ON users BEGIN
    DELETE FROM users_search WHERE rowid = old.rowid;
    INSERT INTO users_search (rowid, username, display_name, bio, description)
      SELECT new.rowid, new.username, new.display_name, new.bio, new.description WHERE new.is_active = 1;
  END`
  yield* sql`CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    DELETE FROM users_search WHERE rowid = old.rowid;
  END`

  // Rows written before this migration. Written out here rather than calling
  // rebuildSearchIndex so that this migration stays what it was when a later
  // one changes the indexes.
  yield* sql`INSERT INTO posts_search (rowid, title, content)
    SELECT rowid, title, content FROM posts WHERE deleted_at IS NULL`
  yield* sql`INSERT INTO comments_search (rowid, content)
    SELECT rowid, content FROM comments WHERE deleted_at IS NULL`
  yield* sql`INSERT INTO channels_search (rowid, name, title, description)
    SELECT rowid, name, title, description FROM channels`
  yield* sql`INSERT INTO users_search (rowid, username, display_name, bio, description)
    SELECT rowid, username, display_name, bio, description FROM users WHERE is_active = 1`
})

/** Keys must match NNNN_name, or the Migrator silently skips them. */
export const migrations = {
  "0001_foundation": foundation,
  "0002_agents": agents,
  "0003_comments_and_votes": commentsAndVotes,
  "0004_runs": runs,
  "0005_agent_schedules": agentSchedules,
  "0006_feeds": feeds,
  "0007_search": search
}

export const MigrationsLive = Layer.effectDiscard(
  Migrator.make({})({ loader: Migrator.fromRecord(migrations) })
)
