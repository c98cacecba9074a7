/**
 * WebhookRepo on @effect/sql, and the enqueueing that NotificationRepoSql
 * runs inside its delivery transaction. Claims work as the outbox's do
 * (`claimed_until`, and FOR UPDATE SKIP LOCKED on PostgreSQL), so each due
 * delivery goes to one worker at a time whatever the number of processes.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import {
  type AttemptRecord,
  type DueDelivery,
  type NewDelivery,
  type Notification,
  notificationBody,
  notificationEventType,
  NotificationKind,
  type Page,
  type UserId,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryId,
  type WebhookId,
  WebhookRepo
} from "@holonet/domain"
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { dieOnSqlError, type EpochMillis, execute, findAll, hasRows, toDateTime, toEpochMillis } from "./Rows.js"

interface WebhookRow {
  readonly id: WebhookId
  readonly url: string
  readonly events: string
  readonly description: string | null
  readonly active: number | boolean
  readonly failure_count: number
  readonly last_success_at: EpochMillis | null
  readonly created_at: EpochMillis
}

interface DeliveryRow {
  readonly id: number | bigint | string
  readonly webhook_id: WebhookId
  readonly event_id: string
  readonly event_type: string
  readonly body: string
  readonly attempt: number
  readonly status_code: number | null
  readonly error: string | null
  readonly created_at: EpochMillis
  readonly next_attempt_at: EpochMillis | null
  readonly delivered_at: EpochMillis | null
}

const isKind = Schema.is(NotificationKind)

/** `,follow,mention,`: each kind between commas, so `LIKE '%,kind,%'` matches exactly one. */
const storedEvents = (events: ReadonlyArray<string>) => `,${events.join(",")},`
const eventPattern = (kind: string) => `%,${kind},%`

const toWebhook = (row: WebhookRow): Webhook =>
  new Webhook({
    id: row.id,
    url: row.url,
    events: row.events.split(",").filter(isKind),
    description: row.description,
    active: Number(row.active) === 1,
    failureCount: Number(row.failure_count),
    lastSuccessAt: row.last_success_at === null ? null : toDateTime(row.last_success_at),
    createdAt: toDateTime(row.created_at)
  }, true)

const toDelivery = (row: DeliveryRow): WebhookDelivery =>
  new WebhookDelivery({
    id: WebhookDeliveryId.make(String(row.id)),
    eventId: row.event_id,
    eventType: row.event_type,
    attempt: Number(row.attempt),
    statusCode: row.status_code === null ? null : Number(row.status_code),
    error: row.error,
    createdAt: toDateTime(row.created_at),
    nextAttemptAt: row.next_attempt_at === null ? null : toDateTime(row.next_attempt_at),
    deliveredAt: row.delivered_at === null ? null : toDateTime(row.delivered_at)
  }, true)

/**
 * Enqueues a just-stored notification for each active webhook of its
 * recipient that listens to its kind, due at once. NotificationRepoSql runs
 * it in the transaction that stored the notification, and only when that
 * insert added the row, so the event exists exactly when the notification
 * does; UNIQUE (webhook_id, event_id) is the safety net.
 */
export const enqueueNotification = (sql: SqlClient.SqlClient, recipientId: UserId, notification: Notification) => {
  const createdAt = toEpochMillis(notification.createdAt)
  return sql`INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, body, created_at, next_attempt_at)
    SELECT id, ${notification.id}, ${notificationEventType(notification.kind)}, ${notificationBody(notification)},
      ${createdAt}, ${createdAt}
    FROM webhooks WHERE owner_id = ${recipientId} AND active = 1 AND events LIKE ${eventPattern(notification.kind)}
    ON CONFLICT (webhook_id, event_id) DO NOTHING`
}

/** The owner's webhooks, oldest first: a walk of webhooks_owner. */
export const listWebhooksQuery = (sql: SqlClient.SqlClient, ownerId: UserId) =>
  sql<WebhookRow>`SELECT id, url, events, description, active, failure_count, last_success_at, created_at
    FROM webhooks WHERE owner_id = ${ownerId} ORDER BY created_at, id`

/** A webhook's deliveries, newest first: a walk of webhook_deliveries_list. */
export const listDeliveriesQuery = (sql: SqlClient.SqlClient, webhookId: WebhookId, page: Page) =>
  sql<DeliveryRow>`SELECT id, webhook_id, event_id, event_type, body, attempt, status_code, error, created_at,
      next_attempt_at, delivered_at
    FROM webhook_deliveries WHERE webhook_id = ${webhookId}
    ORDER BY created_at DESC, id DESC LIMIT ${page.limit} OFFSET ${page.offset}`

/**
 * The deliveries due at `now` that no claim holds, longest due first: a walk
 * of the partial webhook_deliveries_due, skipping those claimed now and those
 * of inactive webhooks.
 */
export const claimableDeliveriesQuery = (sql: SqlClient.SqlClient, limit: number, now: number) =>
  sql<{ readonly id: DeliveryRow["id"] }>`SELECT d.id FROM webhook_deliveries d
    JOIN webhooks w ON w.id = d.webhook_id
    WHERE d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= ${now}
      AND (d.claimed_until IS NULL OR d.claimed_until <= ${now}) AND w.active = 1
    ORDER BY d.next_attempt_at, d.id LIMIT ${limit}`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const insert = (webhook: Webhook, ownerId: UserId, secret: Redacted.Redacted<string>, maxPerOwner: number) =>
    Effect.gen(function*() {
      // Takes the write lock (SQLite) or the owner's row lock (PostgreSQL)
      // until commit, so inserts for one owner are counted one after the other.
      yield* sql`UPDATE users SET owner_id = owner_id WHERE id = ${ownerId}`
      const counted = yield* sql<{ readonly n: number | bigint | string }>`SELECT COUNT(*) AS n
        FROM webhooks WHERE owner_id = ${ownerId}`
      if (Number(counted[0]?.n ?? 0) >= maxPerOwner) return false
      yield* sql`INSERT INTO webhooks ${
        sql.insert({
          id: webhook.id,
          owner_id: ownerId,
          url: webhook.url,
          events: storedEvents(webhook.events),
          description: webhook.description,
          secret: Redacted.value(secret),
          active: webhook.active ? 1 : 0,
          failure_count: webhook.failureCount,
          last_success_at: webhook.lastSuccessAt === null ? null : toEpochMillis(webhook.lastSuccessAt),
          created_at: toEpochMillis(webhook.createdAt)
        })
      }`
      return true
    }).pipe(sql.withTransaction, dieOnSqlError)

  const list = (ownerId: UserId) => findAll(listWebhooksQuery(sql, ownerId), toWebhook)

  const owns = (ownerId: UserId, id: WebhookId) =>
    hasRows(sql`SELECT 1 FROM webhooks WHERE id = ${id} AND owner_id = ${ownerId}`)

  // The deliveries go with it (ON DELETE CASCADE).
  const remove = (ownerId: UserId, id: WebhookId) =>
    hasRows(sql`DELETE FROM webhooks WHERE id = ${id} AND owner_id = ${ownerId} RETURNING id`)

  const enqueue = (delivery: NewDelivery, now: number) =>
    execute(sql`INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, body, created_at, next_attempt_at)
      SELECT id, ${delivery.eventId}, ${delivery.eventType}, ${delivery.body}, ${now}, ${now}
      FROM webhooks WHERE id = ${delivery.webhookId} AND active = 1
      ON CONFLICT (webhook_id, event_id) DO NOTHING`)

  const deliveries = (webhookId: WebhookId, page: Page) =>
    findAll(listDeliveriesQuery(sql, webhookId, page), toDelivery)

  const claim = (limit: number, now: number, claimUntil: number) =>
    Effect.gen(function*() {
      const claimable = sql.onDialectOrElse({
        pg: () => sql`${claimableDeliveriesQuery(sql, limit, now)} FOR UPDATE OF d SKIP LOCKED`,
        orElse: () => claimableDeliveriesQuery(sql, limit, now)
      })
      const claimed = yield* sql<DeliveryRow & { readonly next_attempt_at: EpochMillis }>`UPDATE webhook_deliveries
        SET claimed_until = ${claimUntil} WHERE id IN (${claimable})
        RETURNING id, webhook_id, event_id, event_type, body, attempt, status_code, error, created_at,
          next_attempt_at, delivered_at`
      if (claimed.length === 0) return []
      const webhookIds = Arr.dedupe(claimed.map((row) => row.webhook_id))
      const targets = yield* sql<{ readonly id: WebhookId; readonly url: string; readonly secret: string }>`
        SELECT id, url, secret FROM webhooks WHERE ${sql.in("id", webhookIds)}`
      const byId = new Map(targets.map((target) => [target.id, target]))
      return [...claimed]
        .sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at) || Number(a.id) - Number(b.id))
        .flatMap((row): Array<DueDelivery> => {
          const target = byId.get(row.webhook_id)
          if (target === undefined) return []
          return [{
            id: WebhookDeliveryId.make(String(row.id)),
            webhookId: row.webhook_id,
            url: target.url,
            secret: Redacted.make(target.secret),
            eventId: row.event_id,
            body: row.body,
            attempt: Number(row.attempt),
            createdAt: Number(row.created_at)
          }]
        })
    }).pipe(dieOnSqlError)

  const record = (id: WebhookDeliveryId, attempt: AttemptRecord) =>
    Effect.gen(function*() {
      const updated = attempt._tag === "Delivered"
        ? yield* sql<{ readonly webhook_id: WebhookId }>`UPDATE webhook_deliveries
            SET attempt = attempt + 1, status_code = ${attempt.statusCode}, error = NULL, next_attempt_at = NULL,
              delivered_at = ${attempt.at}, claimed_until = NULL
            WHERE id = ${Number(id)} RETURNING webhook_id`
        : yield* sql<{ readonly webhook_id: WebhookId }>`UPDATE webhook_deliveries
            SET attempt = attempt + 1, status_code = ${attempt.statusCode}, error = ${attempt.error},
              next_attempt_at = ${attempt.nextAttemptAt}, claimed_until = NULL
            WHERE id = ${Number(id)} RETURNING webhook_id`
      const webhookId = updated[0]?.webhook_id
      if (webhookId === undefined) return
      if (attempt._tag === "Delivered") {
        yield* sql`UPDATE webhooks SET failure_count = 0, last_success_at = ${attempt.at} WHERE id = ${webhookId}`
      } else if (attempt.nextAttemptAt === null) {
        yield* sql`UPDATE webhooks SET failure_count = failure_count + 1, active = 0 WHERE id = ${webhookId}`
        // Its other pending deliveries are abandoned with it: they leave the
        // due index, so claims never walk past them again.
        yield* sql`UPDATE webhook_deliveries SET next_attempt_at = NULL
          WHERE webhook_id = ${webhookId} AND next_attempt_at IS NOT NULL`
      } else {
        yield* sql`UPDATE webhooks SET failure_count = failure_count + 1 WHERE id = ${webhookId}`
      }
    }).pipe(sql.withTransaction, dieOnSqlError)

  return WebhookRepo.of({ insert, list, owns, remove, enqueue, deliveries, claim, record })
})

export const layer: Layer.Layer<WebhookRepo, never, SqlClient.SqlClient> = Layer.effect(WebhookRepo, make)
