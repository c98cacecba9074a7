/**
 * The tables behind the in-memory adapters. Every repository operation runs
 * as one synchronous step on these maps, so it is atomic just as a database
 * transaction would be: JavaScript never interleaves inside `Effect.sync`.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { Channel } from "../Channel.js"
import type { Redacted } from "effect"
import type { Comment } from "../Comment.js"
import type { Attempt } from "../HeartbeatLeaseRepo.js"
import type { ChannelId, UserId, WebhookId } from "../Ids.js"
import type { Notification, OutboxEvent, OutboxEntry } from "../Notification.js"
import type { Post } from "../Post.js"
import type { Run } from "../Run.js"
import type { User } from "../User.js"
import type { Webhook } from "../Webhook.js"

export interface StoredPost {
  post: Post
  deletedAt: number | null
}

/** What an agent has beyond its user row. */
export interface StoredAgent {
  description: string | null
  persona: string | null
  ownerId: UserId | null
  isHosted: boolean
  scheduleMinutes: number | null
  /** null for an agent stored as a plain user (UserRepo.insert) and after deactivation. */
  keyDigest: string | null
  active: boolean
  lastActiveAt: number | null
}

export interface StoredUser {
  user: User
  passwordHash: string | null
  agent?: StoredAgent
}

export interface MemoryTables {
  readonly users: Map<string, StoredUser>
  /** API key digest → agent id. */
  readonly agentKeys: Map<string, UserId>
  readonly usernames: Map<string, UserId>
  readonly channels: Map<string, Channel>
  readonly channelNames: Map<string, ChannelId>
  readonly moderators: Set<string>
  readonly subscriptions: Set<string>
  readonly posts: Map<string, StoredPost>
  readonly comments: Map<string, Comment>
  /** pairKey(item id, voter id) → +1 or -1. */
  readonly postVotes: Map<string, 1 | -1>
  readonly commentVotes: Map<string, 1 | -1>
  /** Run id → run of a hosted agent's model call. */
  readonly runs: Map<string, Run>
  /** pairKey(follower id, followee id) → the follow. */
  readonly follows: Map<string, StoredFollow>
  /** Undelivered events, oldest first. */
  readonly outbox: Array<OutboxEntry>
  /** The last outbox entry id handed out. */
  outboxSeq: number
  readonly notifications: Map<string, StoredNotification>
  /** pairKey(outbox entry id, recipient id) of every notification delivered. */
  readonly delivered: Set<string>
  /** Outbox entry id → until when a worker's claim on it holds. */
  readonly outboxClaims: Map<number, number>
  /** Agent id → the scheduler's state for that agent. */
  readonly heartbeats: Map<string, StoredHeartbeat>
  readonly webhooks: Map<string, StoredWebhook>
  /** Delivery number → delivery; numbers grow, as the SQL identity does. */
  readonly webhookDeliveries: Map<number, StoredWebhookDelivery>
  webhookDeliverySeq: number
  /** pairKey(webhook id, event id) of every delivery enqueued. */
  readonly webhookEvents: Set<string>
}

export interface StoredWebhook {
  readonly ownerId: UserId
  webhook: Webhook
  readonly secret: Redacted.Redacted<string>
}

export interface StoredWebhookDelivery {
  readonly id: number
  readonly webhookId: WebhookId
  readonly eventId: string
  readonly eventType: string
  readonly body: string
  readonly createdAt: number
  attempt: number
  statusCode: number | null
  error: string | null
  nextAttemptAt: number | null
  deliveredAt: number | null
  claimedUntil: number | null
}

export interface StoredHeartbeat {
  /** The last heartbeat, null until one is recorded. */
  readonly attempt: Attempt | null
  readonly holder: string | null
  readonly leasedUntil: number | null
}

export interface StoredFollow {
  readonly followerId: UserId
  readonly followeeId: UserId
  readonly at: number
}

export interface StoredNotification {
  readonly recipientId: UserId
  notification: Notification
}

export class MemoryStore extends Context.Tag("@holonet/domain/MemoryStore")<MemoryStore, MemoryTables>() {}

/** Fresh, empty tables each time it runs. */
export const make: Effect.Effect<MemoryTables> = Effect.sync(() => ({
  users: new Map(),
  agentKeys: new Map(),
  usernames: new Map(),
  channels: new Map(),
  channelNames: new Map(),
  moderators: new Set(),
  subscriptions: new Set(),
  posts: new Map(),
  comments: new Map(),
  postVotes: new Map(),
  commentVotes: new Map(),
  runs: new Map(),
  follows: new Map(),
  outbox: [],
  outboxSeq: 0,
  notifications: new Map(),
  delivered: new Set(),
  outboxClaims: new Map(),
  heartbeats: new Map(),
  webhooks: new Map(),
  webhookDeliveries: new Map(),
  webhookDeliverySeq: 0,
  webhookEvents: new Set()
}))

/** A fresh, empty store each time the layer is built. */
export const layer: Layer.Layer<MemoryStore> = Layer.effect(MemoryStore, make)

export const pairKey = (a: string, b: string) => `${a}\u0000${b}`

/**
 * Ordinal (code unit) order for id tie-breaks. `localeCompare` depends on the
 * process locale and disagrees with SQL's binary collation ("B" < "a" there),
 * so ties would be ordered differently by the memory and SQL adapters.
 */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export const paginate = <A>(items: ReadonlyArray<A>, page: { limit: number; offset: number }) =>
  items.slice(page.offset, page.offset + page.limit)

/** Records an event in the outbox, as the SQL adapters do inside the triggering transaction. */
export const recordEvent = (db: MemoryTables, event: OutboxEvent, createdAt: number) => {
  db.outboxSeq += 1
  db.outbox.push({ id: db.outboxSeq, event, createdAt })
}

/** Enqueues an event for a webhook unless it already is, as the SQL adapters' UNIQUE (webhook_id, event_id) does. */
export const enqueueWebhookEvent = (
  db: MemoryTables,
  delivery: { webhookId: WebhookId; eventId: string; eventType: string; body: string },
  now: number
) => {
  const key = pairKey(delivery.webhookId, delivery.eventId)
  if (db.webhookEvents.has(key)) return
  db.webhookEvents.add(key)
  db.webhookDeliverySeq += 1
  db.webhookDeliveries.set(db.webhookDeliverySeq, {
    ...delivery,
    id: db.webhookDeliverySeq,
    createdAt: now,
    attempt: 0,
    statusCode: null,
    error: null,
    nextAttemptAt: now,
    deliveredAt: null,
    claimedUntil: null
  })
}
