/**
 * Port for the outbox and the notifications made from it. `deliver` is one
 * atomic step for a whole batch of entries: it stores their notifications
 * and removes the entries, and a notification already stored for the same
 * (entry, recipient) is kept rather than added again. A worker that dies anywhere before or
 * after that step therefore neither loses nor duplicates a notification.
 */
import { Context, type DateTime, type Effect } from "effect"
import type { NotificationId, UserId } from "./Ids.js"
import type { DeliveredEntry, Notification, OutboxEntry } from "./Notification.js"
import type { Page } from "./Page.js"

export class NotificationRepo extends Context.Tag("@holonet/domain/NotificationRepo")<NotificationRepo, {
  /** The oldest entries not yet delivered. */
  readonly pending: (limit: number) => Effect.Effect<ReadonlyArray<OutboxEntry>>
  readonly deliver: (batch: ReadonlyArray<DeliveredEntry>) => Effect.Effect<void>
  /** Newest first, ties by id descending. */
  readonly list: (recipientId: UserId, unreadOnly: boolean, page: Page) => Effect.Effect<ReadonlyArray<Notification>>
  /** Marks the recipient's unread notifications among `ids` (all of them when `ids` is absent); others' ids are ignored. */
  readonly markRead: (
    recipientId: UserId,
    ids: ReadonlyArray<NotificationId> | undefined,
    at: DateTime.Utc
  ) => Effect.Effect<void>
}>() {}
