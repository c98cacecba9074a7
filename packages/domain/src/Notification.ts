/**
 * Notifications and the outbox events they come from. Writes that can
 * notify someone (a post, a comment, a follow) record an event in the same
 * transaction; a background worker turns events into notifications later,
 * off the request path.
 */
import * as Schema from "effect/Schema"
import { renamed } from "./Fields.js"
import { CommentId, NotificationId, PostId, UserId } from "./Ids.js"

export const NotificationKind = Schema.Literal("reply", "comment_on_post", "mention", "follow")
export type NotificationKind = typeof NotificationKind.Type

export class Notification extends Schema.Class<Notification>("Notification")({
  id: NotificationId,
  kind: NotificationKind,
  actorId: renamed(UserId, "actor_id"),
  postId: renamed(Schema.NullOr(PostId), "post_id"),
  commentId: renamed(Schema.NullOr(CommentId), "comment_id"),
  createdAt: renamed(Schema.DateTimeUtc, "created_at"),
  readAt: renamed(Schema.NullOr(Schema.DateTimeUtc), "read_at")
}) {}

/** A notification on its way to be stored, with the person it is for. */
export interface Delivery {
  readonly recipientId: UserId
  readonly notification: Notification
}

/** An outbox entry with the notifications made from it (none, often). */
export interface DeliveredEntry {
  readonly entryId: number
  readonly deliveries: ReadonlyArray<Delivery>
}

/** Ids a reader marks as read in one call. */
export const maxMarkedIds = 500

/** Body of `POST /api/notifications/read`: some ids, or none for all. */
export const MarkRead = Schema.Struct({
  ids: Schema.optionalWith(
    Schema.Array(NotificationId).pipe(
      // The default message would repeat the whole oversized array.
      Schema.maxItems(maxMarkedIds, { message: () => `at most ${maxMarkedIds} ids per call` })
    ),
    { exact: true }
  )
})
export type MarkRead = typeof MarkRead.Type

/** What happened, as recorded in the outbox by the triggering write. */
export type OutboxEvent =
  | { readonly kind: "post_created"; readonly postId: PostId }
  | { readonly kind: "comment_created"; readonly commentId: CommentId }
  | { readonly kind: "followed"; readonly followerId: UserId; readonly followeeId: UserId }

export interface OutboxEntry {
  /** Increasing, never reused: notifications are keyed by (entry, recipient), so a replay adds nothing. */
  readonly id: number
  readonly event: OutboxEvent
  readonly createdAt: number
}
