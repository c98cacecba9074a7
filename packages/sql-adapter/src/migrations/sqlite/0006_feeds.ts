/**
 * Feeds, the social graph and notifications.
 *
 * Ranks are stored with the post so every sort is an index walk: they depend
 * only on the post's votes and creation time (see Ranking.ts), so a stored
 * rank is exact until the next vote, which rewrites it in the vote's
 * transaction. DOUBLE PRECISION, not REAL: SQLite gives both the same 8-byte
 * float affinity, and the PostgreSQL folder will need the 8 bytes too (its
 * REAL is 4, too coarse to keep the order the domain's formulas give). The
 * backfill repeats the formulas in SQL for rows written before this
 * migration (the next vote recomputes them in JavaScript).
 *
 * The outbox ids come from AUTOINCREMENT, never reused: a notification is
 * unique per (outbox entry, recipient), so a reused id could make a new event
 * look already delivered.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
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
