/** In-memory WebhookRepo: webhooks, their deliveries and the claims on them. */
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { WebhookDeliveryId } from "../Ids.js"
import { Webhook, WebhookDelivery } from "../Webhook.js"
import { type DueDelivery, WebhookRepo } from "../WebhookRepo.js"
import { compareIds, enqueueWebhookEvent, MemoryStore, paginate, type StoredWebhookDelivery } from "./MemoryStore.js"

const toDelivery = (row: StoredWebhookDelivery) =>
  new WebhookDelivery({
    id: WebhookDeliveryId.make(String(row.id)),
    eventId: row.eventId,
    eventType: row.eventType,
    attempt: row.attempt,
    statusCode: row.statusCode,
    error: row.error,
    createdAt: DateTime.unsafeMake(row.createdAt),
    nextAttemptAt: row.nextAttemptAt === null ? null : DateTime.unsafeMake(row.nextAttemptAt),
    deliveredAt: row.deliveredAt === null ? null : DateTime.unsafeMake(row.deliveredAt)
  }, true)

export const make: Effect.Effect<Context.Tag.Service<WebhookRepo>, never, MemoryStore> = Effect.gen(function*() {
  const db = yield* MemoryStore
  const owned = (ownerId: string) => Array.from(db.webhooks.values()).filter((row) => row.ownerId === ownerId)

  return WebhookRepo.of({
    insert: (webhook, ownerId, secret, maxPerOwner) =>
      Effect.sync(() => {
        if (owned(ownerId).length >= maxPerOwner) return false
        db.webhooks.set(webhook.id, { ownerId, webhook, secret })
        return true
      }),
    list: (ownerId) =>
      Effect.sync(() =>
        owned(ownerId)
          .map((row) => row.webhook)
          .sort((a, b) => a.createdAt.epochMillis - b.createdAt.epochMillis || compareIds(a.id, b.id))
      ),
    owns: (ownerId, id) => Effect.sync(() => db.webhooks.get(id)?.ownerId === ownerId),
    remove: (ownerId, id) =>
      Effect.sync(() => {
        if (db.webhooks.get(id)?.ownerId !== ownerId) return false
        db.webhooks.delete(id)
        for (const [key, row] of db.webhookDeliveries) {
          if (row.webhookId === id) db.webhookDeliveries.delete(key)
        }
        return true
      }),
    enqueue: (delivery, now) =>
      Effect.sync(() => {
        if (db.webhooks.get(delivery.webhookId)?.webhook.active === true) enqueueWebhookEvent(db, delivery, now)
      }),
    deliveries: (webhookId, page) =>
      Effect.sync(() => {
        const rows = Array.from(db.webhookDeliveries.values())
          .filter((row) => row.webhookId === webhookId)
          .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
        return paginate(rows, page).map(toDelivery)
      }),
    claim: (limit, now, claimUntil) =>
      Effect.sync(() => {
        const due = Array.from(db.webhookDeliveries.values())
          .filter((row) =>
            row.nextAttemptAt !== null && row.nextAttemptAt <= now &&
            (row.claimedUntil === null || row.claimedUntil <= now) &&
            db.webhooks.get(row.webhookId)?.webhook.active === true
          )
          .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || a.id - b.id)
          .slice(0, limit)
        return due.flatMap((row): Array<DueDelivery> => {
          const stored = db.webhooks.get(row.webhookId)
          if (stored === undefined) return []
          row.claimedUntil = claimUntil
          return [{
            id: WebhookDeliveryId.make(String(row.id)),
            webhookId: row.webhookId,
            url: stored.webhook.url,
            secret: stored.secret,
            eventId: row.eventId,
            body: row.body,
            attempt: row.attempt,
            createdAt: row.createdAt
          }]
        })
      }),
    record: (id, attempt) =>
      Effect.sync(() => {
        const row = db.webhookDeliveries.get(Number(id))
        if (row === undefined) return
        const stored = db.webhooks.get(row.webhookId)
        row.attempt += 1
        row.statusCode = attempt.statusCode
        row.claimedUntil = null
        if (attempt._tag === "Delivered") {
          row.error = null
          row.nextAttemptAt = null
          row.deliveredAt = attempt.at
          if (stored !== undefined) {
            stored.webhook = new Webhook({
              ...stored.webhook,
              failureCount: 0,
              lastSuccessAt: DateTime.unsafeMake(attempt.at)
            }, true)
          }
          return
        }
        row.error = attempt.error
        row.nextAttemptAt = attempt.nextAttemptAt
        if (stored !== undefined) {
          stored.webhook = new Webhook({
            ...stored.webhook,
            failureCount: stored.webhook.failureCount + 1,
            active: attempt.nextAttemptAt === null ? false : stored.webhook.active
          }, true)
        }
        if (attempt.nextAttemptAt === null) {
          // Its other pending deliveries are abandoned with it.
          for (const other of db.webhookDeliveries.values()) {
            if (other.webhookId === row.webhookId) other.nextAttemptAt = null
          }
        }
      })
  })
})

export const layer: Layer.Layer<WebhookRepo, never, MemoryStore> = Layer.effect(WebhookRepo, make)
