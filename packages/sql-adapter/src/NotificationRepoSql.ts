/**
 * NotificationRepo on @effect/sql, and the outbox writes every other
 * repository makes. An event is one `outbox` row written in the transaction
 * of the write it records; a worker claims rows (`claimed_until`) before
 * working on them, so workers in other processes take other rows; `deliver`
 * stores the event's notifications and deletes its row in one transaction.
 * `UNIQUE (outbox_id, recipient_id)` on notifications stays the safety net: a
 * replayed delivery adds nothing, so a worker that crashes between computing
 * and delivering, or delivers after its claim ended and another worker took
 * the row, never duplicates a notification. A notification stored also
 * enqueues its webhook deliveries in the same transaction (WebhookRepoSql).
 */
import * as SqlClient from "@effect/sql/SqlClient"
import {
  type CommentId,
  type DeliveredEntry,
  maxMarkedIds,
  Notification,
  type NotificationId,
  type NotificationKind,
  NotificationRepo,
  type OutboxEntry,
  type OutboxEvent,
  type Page,
  type PostId,
  type UserId
} from "@holonet/domain"
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { DateTime } from "effect"
import { dieOnSqlError, type EpochMillis, execute, findAll, toDateTime, toEpochMillis } from "./Rows.js"
import { enqueueNotification } from "./WebhookRepoSql.js"

interface OutboxRow {
  /** A number from better-sqlite3, a bigint or string from other drivers. */
  readonly id: number | bigint | string
  readonly kind: string
  readonly post_id: PostId | null
  readonly comment_id: CommentId | null
  readonly follower_id: UserId | null
  readonly followee_id: UserId | null
  readonly created_at: EpochMillis
}

interface NotificationRow {
  readonly id: NotificationId
  readonly kind: NotificationKind
  readonly actor_id: UserId
  readonly post_id: PostId | null
  readonly comment_id: CommentId | null
  readonly created_at: EpochMillis
  readonly read_at: EpochMillis | null
}

/**
 * Records `event` in the outbox. Callers run it inside the transaction of the
 * write the event describes, so the event exists exactly when the write does.
 */
export const recordEvent = (sql: SqlClient.SqlClient, event: OutboxEvent, createdAt: number) => {
  const row = {
    kind: event.kind,
    post_id: event.kind === "post_created" ? event.postId : null,
    comment_id: event.kind === "comment_created" ? event.commentId : null,
    follower_id: event.kind === "followed" ? event.followerId : null,
    followee_id: event.kind === "followed" ? event.followeeId : null,
    created_at: createdAt
  }
  return sql`INSERT INTO outbox ${sql.insert(row)}`
}

/** The event a row records; a row no write of ours could produce is a defect. */
const toEvent = (row: OutboxRow): Effect.Effect<OutboxEvent> => {
  if (row.kind === "post_created" && row.post_id !== null) {
    return Effect.succeed({ kind: "post_created", postId: row.post_id })
  }
  if (row.kind === "comment_created" && row.comment_id !== null) {
    return Effect.succeed({ kind: "comment_created", commentId: row.comment_id })
  }
  if (row.kind === "followed" && row.follower_id !== null && row.followee_id !== null) {
    return Effect.succeed({ kind: "followed", followerId: row.follower_id, followeeId: row.followee_id })
  }
  return Effect.dieMessage(`NotificationRepoSql: malformed outbox row ${String(row.id)} (${row.kind})`)
}

const toEntry = (row: OutboxRow): Effect.Effect<OutboxEntry> =>
  Effect.map(toEvent(row), (event) => ({ id: Number(row.id), event, createdAt: Number(row.created_at) }))

const toNotification = (row: NotificationRow): Notification =>
  new Notification(
    {
      id: row.id,
      kind: row.kind,
      actorId: row.actor_id,
      postId: row.post_id,
      commentId: row.comment_id,
      createdAt: toDateTime(row.created_at),
      readAt: row.read_at === null ? null : toDateTime(row.read_at)
    },
    true
  )

/**
 * The ids of the oldest entries no one holds a claim on at `now`: a walk of
 * the primary key (the outbox's order) that stops after `limit` of them,
 * skipping only the entries claimed now (at most a batch per live worker).
 */
export const claimableOutboxQuery = (sql: SqlClient.SqlClient, limit: number, now: number) =>
  sql<{ readonly id: OutboxRow["id"] }>`SELECT id FROM outbox
    WHERE claimed_until IS NULL OR claimed_until <= ${now} ORDER BY id LIMIT ${limit}`

/**
 * Claims the claimable entries in one statement. PostgreSQL locks them as it
 * picks them and skips rows another claim has locked, so concurrent claims
 * get disjoint entries without waiting for each other (one that reads a row
 * another has just claimed re-checks it against the WHERE, and drops it).
 * SQLite runs one writer at a time, so its statement alone is atomic.
 * RETURNING has no order: the caller sorts.
 */
const claimOutboxQuery = (sql: SqlClient.SqlClient, limit: number, now: number, claimUntil: number) => {
  const claimable = sql.onDialectOrElse({
    pg: () => sql`${claimableOutboxQuery(sql, limit, now)} FOR UPDATE SKIP LOCKED`,
    orElse: () => claimableOutboxQuery(sql, limit, now)
  })
  return sql<OutboxRow>`UPDATE outbox SET claimed_until = ${claimUntil} WHERE id IN (${claimable})
    RETURNING id, kind, post_id, comment_id, follower_id, followee_id, created_at`
}

/**
 * Newest first, ties by id descending: a walk of notifications_recipient, or
 * of the partial notifications_unread when only unread ones are asked for
 * (`read_at IS NULL` must be in the WHERE clause for SQLite to pick it).
 */
export const listNotificationsQuery = (
  sql: SqlClient.SqlClient,
  recipientId: UserId,
  unreadOnly: boolean,
  page: Page
) => {
  const conditions = [sql`recipient_id = ${recipientId}`]
  if (unreadOnly) conditions.push(sql`read_at IS NULL`)
  return sql<NotificationRow>`SELECT * FROM notifications WHERE ${sql.and(conditions)}
    ORDER BY created_at DESC, id DESC LIMIT ${page.limit} OFFSET ${page.offset}`
}

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const claim = (limit: number, now: number, claimUntil: number) =>
    claimOutboxQuery(sql, limit, now, claimUntil).pipe(
      dieOnSqlError,
      Effect.flatMap((rows) => Effect.forEach(rows, toEntry)),
      Effect.map((entries) => [...entries].sort((a, b) => a.id - b.id))
    )

  // One transaction per batch: a commit (and its WAL pages) per event was
  // most of what the worker cost a write.
  const deliver = (batch: ReadonlyArray<DeliveredEntry>) =>
    Effect.gen(function*() {
      for (const { deliveries, entryId } of batch) {
        // One statement per notification: an event notifies a handful of
        // people (mentions are capped), and the statement is prepared once.
        for (const { notification, recipientId } of deliveries) {
          const stored =
            yield* sql`INSERT INTO notifications (id, recipient_id, kind, actor_id, post_id, comment_id, outbox_id,
              created_at, read_at)
            VALUES (${notification.id}, ${recipientId}, ${notification.kind}, ${notification.actorId},
              ${notification.postId}, ${notification.commentId}, ${entryId},
              ${toEpochMillis(notification.createdAt)},
              ${notification.readAt === null ? null : toEpochMillis(notification.readAt)})
            ON CONFLICT (outbox_id, recipient_id) DO NOTHING RETURNING id`
          // Only a notification stored now reaches webhooks: a replay adds neither.
          if (stored.length > 0) yield* enqueueNotification(sql, recipientId, notification)
        }
      }
      // Chunked to stay within the driver's parameter limit whatever the batch.
      for (const chunk of Arr.chunksOf(batch.map((entry) => entry.entryId), 500)) {
        yield* sql`DELETE FROM outbox WHERE ${sql.in("id", chunk)}`
      }
    }).pipe(sql.withTransaction, dieOnSqlError)

  const list = (recipientId: UserId, unreadOnly: boolean, page: Page) =>
    findAll(listNotificationsQuery(sql, recipientId, unreadOnly, page), toNotification)

  const markRead = (recipientId: UserId, ids: ReadonlyArray<NotificationId> | undefined, at: DateTime.Utc) => {
    const readAt = toEpochMillis(at)
    // `recipient_id` in every statement: ids of someone else's notifications match nothing.
    if (ids === undefined) {
      return execute(sql`UPDATE notifications SET read_at = ${readAt}
        WHERE recipient_id = ${recipientId} AND read_at IS NULL`)
    }
    // The use case caps the ids at maxMarkedIds; chunking keeps any caller's
    // list within the driver's parameter limit all the same.
    if (ids.length === 0) return Effect.void
    const chunks = Arr.chunksOf(Arr.dedupe(ids), maxMarkedIds)
    return Effect.forEach(chunks, (chunk) =>
      sql`UPDATE notifications SET read_at = ${readAt}
        WHERE recipient_id = ${recipientId} AND read_at IS NULL AND ${sql.in("id", chunk)}`, { discard: true }).pipe(
        sql.withTransaction,
        dieOnSqlError
      )
  }

  return NotificationRepo.of({ claim, deliver, list, markRead })
})

export const layer: Layer.Layer<NotificationRepo, never, SqlClient.SqlClient> = Layer.effect(NotificationRepo, make)
