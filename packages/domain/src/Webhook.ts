/**
 * Webhooks: a principal's subscription to be told of its notifications by an
 * HTTP POST (Standard Webhooks), and the deliveries made to it. A delivery is
 * one event on its way to one webhook: it keeps its body and its event id
 * (the `webhook-id` header) across attempts, and records the last attempt.
 */
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import { OptionalText, renamed, storableText } from "./Fields.js"
import { WebhookDeliveryId, WebhookId } from "./Ids.js"
import { Notification, NotificationKind } from "./Notification.js"

/** Webhooks one principal may have. */
export const maxWebhooksPerPrincipal = 5
export const maxWebhookUrlLength = 2048
export const maxWebhookDescriptionLength = 500

/** Every notification kind: what a webhook created without `events` listens to. */
export const allNotificationKinds: ReadonlyArray<NotificationKind> = NotificationKind.literals

export class Webhook extends Schema.Class<Webhook>("Webhook")({
  id: WebhookId,
  url: Schema.String,
  events: Schema.Array(NotificationKind),
  description: Schema.NullOr(Schema.String),
  active: Schema.Boolean,
  failureCount: renamed(Schema.Int, "failure_count"),
  lastSuccessAt: renamed(Schema.NullOr(Schema.DateTimeUtc), "last_success_at"),
  createdAt: renamed(Schema.DateTimeUtc, "created_at")
}) {}

export class WebhookDelivery extends Schema.Class<WebhookDelivery>("WebhookDelivery")({
  id: WebhookDeliveryId,
  eventId: renamed(Schema.String, "event_id"),
  /** `notification.<kind>` or `ping`. */
  eventType: renamed(Schema.String, "event_type"),
  /** Attempts made so far (0 until the first one). */
  attempt: Schema.Int,
  /** The last attempt's HTTP status, null before any or when none came back. */
  statusCode: renamed(Schema.NullOr(Schema.Int), "status_code"),
  error: Schema.NullOr(Schema.String),
  createdAt: renamed(Schema.DateTimeUtc, "created_at"),
  /** When the next attempt is due; null once delivered or given up. */
  nextAttemptAt: renamed(Schema.NullOr(Schema.DateTimeUtc), "next_attempt_at"),
  deliveredAt: renamed(Schema.NullOr(Schema.DateTimeUtc), "delivered_at")
}) {}

/** Body of `POST /api/webhooks`. */
export const CreateWebhook = Schema.Struct({
  url: Schema.Trim.pipe(Schema.minLength(1), Schema.maxLength(maxWebhookUrlLength), storableText),
  events: Schema.optionalWith(
    Schema.Array(NotificationKind).pipe(
      Schema.minItems(1, { message: () => "events must name at least one notification kind (or be left out)" }),
      // Every kind at most once each; more would only be repeats.
      Schema.maxItems(allNotificationKinds.length * 4)
    ),
    { exact: true }
  ),
  description: Schema.optionalWith(OptionalText(maxWebhookDescriptionLength), { exact: true })
})
export type CreateWebhook = typeof CreateWebhook.Type

/** `notification.<kind>` or `ping`: the `type` of a webhook body. */
export const notificationEventType = (kind: NotificationKind) => `notification.${kind}`
export const pingEventType = "ping"

const encodeNotification = Schema.encodeSync(Notification)

/**
 * The body sent for an event, made once when the delivery is enqueued so
 * every attempt signs and sends the very same bytes.
 */
export const webhookBody = (type: string, timestamp: DateTime.Utc, data: unknown): string =>
  JSON.stringify({ type, timestamp: DateTime.formatIso(timestamp), data })

export const notificationBody = (notification: Notification): string =>
  webhookBody(notificationEventType(notification.kind), notification.createdAt, encodeNotification(notification))

/**
 * How long to wait after the n-th failed attempt (n from 1): 5 s, 1 min,
 * 5 min, 30 min, 2 h, 5 h, then 10 h, until the delivery is 24 h old.
 */
const retryDelaysMillis = [5_000, 60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000]

/** How long a delivery keeps being retried before its webhook is turned off. */
export const retryWindowMillis = 24 * 3_600_000

/**
 * When to try again after `attempts` failed attempts of a delivery enqueued
 * at `createdAt`, or null when its 24 hours are over. The last retry is
 * pulled in to the end of the window, so the last attempt is made at 24 h.
 */
export const nextAttemptAt = (attempts: number, createdAt: number, now: number): number | null => {
  const deadline = createdAt + retryWindowMillis
  if (now >= deadline) return null
  const delay = retryDelaysMillis[Math.min(attempts, retryDelaysMillis.length) - 1] ?? 5_000
  return Math.min(now + delay, deadline)
}
