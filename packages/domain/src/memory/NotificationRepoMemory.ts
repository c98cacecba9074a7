/** In-memory NotificationRepo: the outbox, its claims, and the notifications delivered from it. */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Notification, type OutboxEntry } from "../Notification.js"
import { NotificationRepo } from "../NotificationRepo.js"
import { notificationBody, notificationEventType } from "../Webhook.js"
import { compareIds, enqueueWebhookEvent, MemoryStore, pairKey, paginate } from "./MemoryStore.js"

export const make: Effect.Effect<Context.Tag.Service<NotificationRepo>, never, MemoryStore> = Effect.gen(function*() {
  const db = yield* MemoryStore
  return NotificationRepo.of({
    claim: (limit, now, claimUntil) =>
      Effect.sync(() => {
        const claimed: Array<OutboxEntry> = []
        for (const entry of db.outbox) {
          if (claimed.length >= limit) break
          const until = db.outboxClaims.get(entry.id)
          if (until !== undefined && until > now) continue
          db.outboxClaims.set(entry.id, claimUntil)
          claimed.push(entry)
        }
        return claimed
      }),
    deliver: (batch) =>
      Effect.sync(() => {
        for (const { deliveries, entryId } of batch) {
          for (const { notification, recipientId } of deliveries) {
            const key = pairKey(String(entryId), recipientId)
            if (db.delivered.has(key)) continue
            db.delivered.add(key)
            db.notifications.set(notification.id, { recipientId, notification })
            // Each active webhook of the recipient listening to this kind gets the event once.
            for (const stored of db.webhooks.values()) {
              const webhook = stored.webhook
              if (stored.ownerId !== recipientId || !webhook.active || !webhook.events.includes(notification.kind)) {
                continue
              }
              enqueueWebhookEvent(db, {
                webhookId: webhook.id,
                eventId: notification.id,
                eventType: notificationEventType(notification.kind),
                body: notificationBody(notification)
              }, notification.createdAt.epochMillis)
            }
          }
          const index = db.outbox.findIndex((entry) => entry.id === entryId)
          if (index >= 0) db.outbox.splice(index, 1)
          db.outboxClaims.delete(entryId)
        }
      }),
    list: (recipientId, unreadOnly, page) =>
      Effect.sync(() => {
        const mine = Array.from(db.notifications.values())
          .filter((row) => row.recipientId === recipientId && (!unreadOnly || row.notification.readAt === null))
          .map((row) => row.notification)
          .sort((a, b) => b.createdAt.epochMillis - a.createdAt.epochMillis || compareIds(b.id, a.id))
        return paginate(mine, page)
      }),
    markRead: (recipientId, ids, at) =>
      Effect.sync(() => {
        const chosen = ids === undefined ? undefined : new Set<string>(ids)
        for (const row of db.notifications.values()) {
          if (row.recipientId !== recipientId || row.notification.readAt !== null) continue
          if (chosen !== undefined && !chosen.has(row.notification.id)) continue
          row.notification = new Notification({ ...row.notification, readAt: at }, true)
        }
      })
  })
})

export const layer: Layer.Layer<NotificationRepo, never, MemoryStore> = Layer.effect(NotificationRepo, make)
