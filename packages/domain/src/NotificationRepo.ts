/**
 * Port for the outbox and the notifications made from it. Workers `claim`
 * entries so that several of them (several server processes) share the
 * outbox without handing each other's entries out twice. `deliver` is one
 * atomic step for a whole batch of entries: it stores their notifications
 * and removes the entries, and a notification already stored for the same
 * (entry, recipient) is kept rather than added again. A worker that dies anywhere before or
 * after that step therefore neither loses nor duplicates a notification.
 */
import * as Context from "effect/Context"
import type { DateTime, Effect } from "effect"
import type { NotificationId, UserId } from "./Ids.js"
import type { DeliveredEntry, Notification, OutboxEntry } from "./Notification.js"
import type { Page } from "./Page.js"

export class NotificationRepo extends Context.Tag("@holonet/domain/NotificationRepo")<NotificationRepo, {
  /**
   * Claims for the caller, until `claimUntil`, the oldest entries not yet
   * delivered that no one else holds a claim on at `now` (a claim ending at
   * or before `now` has ended), at most `limit`, and answers them oldest
   * first. Concurrent claims get disjoint entries; entries claimed by a
   * worker that died are handed out again once the claim ends. Times are
   * epoch milliseconds; a claim until `now` claims nothing for later, so it
   * reads what is pending.
   */
  readonly claim: (limit: number, now: number, claimUntil: number) => Effect.Effect<ReadonlyArray<OutboxEntry>>
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
