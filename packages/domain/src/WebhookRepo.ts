/**
 * Port for webhooks and their deliveries. Deliveries of notifications are
 * enqueued by `NotificationRepo.deliver`, in the transaction that stores the
 * notification (one per active webhook of the recipient listening to its
 * kind, keyed by (webhook, event) so a replay adds nothing); this port
 * enqueues pings, and lets workers `claim` due deliveries as they claim
 * outbox entries: concurrent claims get disjoint deliveries, and a claim
 * held by a worker that died ends on its own.
 */
import * as Context from "effect/Context"
import type { Effect, Redacted } from "effect"
import type { UserId, WebhookDeliveryId, WebhookId } from "./Ids.js"
import type { Page } from "./Page.js"
import type { Webhook, WebhookDelivery } from "./Webhook.js"

/** A due delivery handed to a worker, with what it needs to send it. */
export interface DueDelivery {
  readonly id: WebhookDeliveryId
  readonly webhookId: WebhookId
  readonly url: string
  /** The signing secret as stored: sealed (SecretSealer), opened by the worker. */
  readonly secret: Redacted.Redacted<string>
  readonly eventId: string
  readonly body: string
  /** Attempts made before this one. */
  readonly attempt: number
  /** Epoch milliseconds the delivery was enqueued at: its retries end 24 h later. */
  readonly createdAt: number
}

/** How an attempt ended, as the worker records it. Times are epoch milliseconds. */
export type AttemptRecord =
  | { readonly _tag: "Delivered"; readonly statusCode: number; readonly at: number }
  | {
    readonly _tag: "Failed"
    readonly statusCode: number | null
    readonly error: string
    readonly at: number
    /** When to try again; null gives up, and turns the webhook off. */
    readonly nextAttemptAt: number | null
  }

/** An event on its way to one webhook, before the store numbers it. */
export interface NewDelivery {
  readonly webhookId: WebhookId
  readonly eventId: string
  readonly eventType: string
  readonly body: string
}

export class WebhookRepo extends Context.Tag("@holonet/domain/WebhookRepo")<WebhookRepo, {
  /**
   * Stores a webhook of `ownerId` unless the owner already has `maxPerOwner`
   * (false then, nothing stored); concurrent inserts for one owner are
   * counted one after the other. `secret` is stored as given: the use case
   * hands it over sealed.
   */
  readonly insert: (
    webhook: Webhook,
    ownerId: UserId,
    secret: Redacted.Redacted<string>,
    maxPerOwner: number
  ) => Effect.Effect<boolean>
  /** The owner's webhooks, oldest first (ties by id). */
  readonly list: (ownerId: UserId) => Effect.Effect<ReadonlyArray<Webhook>>
  /** Whether `id` is a webhook of `ownerId`. */
  readonly owns: (ownerId: UserId, id: WebhookId) => Effect.Effect<boolean>
  /** Deletes the owner's webhook and its deliveries; false when it is not theirs (or unknown). */
  readonly remove: (ownerId: UserId, id: WebhookId) => Effect.Effect<boolean>
  /**
   * Enqueues one event for one active webhook, due at `now` (the store numbers
   * deliveries); an event already enqueued for it is kept as is, and an
   * inactive webhook gets nothing.
   */
  readonly enqueue: (delivery: NewDelivery, now: number) => Effect.Effect<void>
  /** A webhook's deliveries, newest first (ties by id descending). */
  readonly deliveries: (webhookId: WebhookId, page: Page) => Effect.Effect<ReadonlyArray<WebhookDelivery>>
  /**
   * Claims until `claimUntil` at most `limit` deliveries due at `now`
   * (next attempt at or before `now`) of active webhooks that no claim holds
   * at `now`, the longest due first.
   */
  readonly claim: (limit: number, now: number, claimUntil: number) => Effect.Effect<ReadonlyArray<DueDelivery>>
  /**
   * Records an attempt and releases the claim, in one transaction with the
   * webhook's counters: a success resets its failure count and sets its last
   * success; a failure adds one; giving up also sets it inactive and
   * abandons its other pending deliveries (no next attempt).
   */
  readonly record: (id: WebhookDeliveryId, attempt: AttemptRecord) => Effect.Effect<void>
}>() {}
