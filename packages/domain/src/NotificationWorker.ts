/**
 * The background worker that turns outbox events into notifications. It
 * runs off the request path: woken by `OutboxSignal` after a write, and on a
 * poll interval for events left by a crash or another process. A worker
 * claims a batch before working on it, so workers in several processes take
 * different events; each batch is delivered in one atomic step
 * (`NotificationRepo.deliver`), so a restart at any point neither loses an
 * event nor notifies twice, and a dead worker's claim ends after a minute.
 *
 * Who is told: a reply's parent author (`reply`), else the post's author
 * (`comment_on_post`), and each user mentioned (`mention`); the author of
 * the new item is never told, and nobody gets two notifications for one
 * event (the first kind in that order wins). A new follower tells the
 * followee (`follow`). Items deleted before the worker sees them notify no one.
 */
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { CommentRepo } from "./CommentRepo.js"
import { IdGenerator } from "./IdGenerator.js"
import { type CommentId, NotificationId, type PostId, type UserId } from "./Ids.js"
import { mentionedUsernames } from "./Mentions.js"
import { type Delivery, Notification, type NotificationKind, type OutboxEntry } from "./Notification.js"
import { NotificationRepo } from "./NotificationRepo.js"
import { OutboxSignal } from "./OutboxSignal.js"
import { PostRepo } from "./PostRepo.js"
import { UserRepo } from "./UserRepo.js"
import { WebhookSignal } from "./WebhookSignal.js"
import { drainBatches, runRounds } from "./WorkerRounds.js"

/** Events handled per round trip to the store, and per delivery transaction. */
const batchSize = 100

/**
 * How long a worker's claim on a batch lasts: far longer than computing and
 * delivering a batch takes, and the longest a batch left by a worker that
 * died (or whose delivery failed) waits before another worker takes it.
 */
const outboxClaim = Duration.seconds(60)

/** How long a woken worker lets more events arrive before delivering. */
const defaultGather = "20 millis"

interface Recipient {
  readonly userId: UserId
  readonly kind: NotificationKind
}

/** Who hears of an event, and about which post and comment. */
interface Audience {
  readonly actorId: UserId
  readonly postId: PostId | null
  readonly commentId: CommentId | null
  readonly recipients: ReadonlyArray<Recipient>
}

const nobody = Option.none<Audience>()
const heard = (audience: Audience) => Option.some(audience)

export class NotificationWorker extends Effect.Service<NotificationWorker>()("@holonet/domain/NotificationWorker", {
  effect: Effect.gen(function*() {
    const notifications = yield* NotificationRepo
    const posts = yield* PostRepo
    const comments = yield* CommentRepo
    const users = yield* UserRepo
    const ids = yield* IdGenerator
    const signal = yield* OutboxSignal
    const webhookSignal = yield* WebhookSignal

    const mentioned = Effect.fnUntraced(function*(text: string) {
      const usernames = mentionedUsernames(text)
      if (usernames.length === 0) return []
      const found = yield* users.findManyByUsername(usernames)
      return found.map((user): Recipient => ({ userId: user.id, kind: "mention" }))
    })

    const audience = Effect.fnUntraced(function*(entry: OutboxEntry) {
      const event = entry.event
      switch (event.kind) {
        case "followed":
          return heard({
            actorId: event.followerId,
            postId: null,
            commentId: null,
            recipients: [{ userId: event.followeeId, kind: "follow" }]
          })
        case "post_created": {
          const post = yield* posts.findById(event.postId)
          if (Option.isNone(post)) return nobody
          return heard({
            actorId: post.value.authorId,
            postId: post.value.id,
            commentId: null,
            recipients: yield* mentioned(`${post.value.title}\n${post.value.content}`)
          })
        }
        case "comment_created": {
          const comment = yield* comments.findById(event.commentId)
          if (Option.isNone(comment) || comment.value.isDeleted) return nobody
          const post = yield* posts.findById(comment.value.postId)
          if (Option.isNone(post)) return nobody
          const recipients: Array<Recipient> = []
          if (comment.value.parentId !== null) {
            const parent = yield* comments.findById(comment.value.parentId)
            if (Option.isSome(parent) && !parent.value.isDeleted) {
              recipients.push({ userId: parent.value.authorId, kind: "reply" })
            }
          }
          recipients.push({ userId: post.value.authorId, kind: "comment_on_post" })
          recipients.push(...(yield* mentioned(comment.value.content)))
          return heard({
            actorId: comment.value.authorId,
            postId: post.value.id,
            commentId: comment.value.id,
            recipients
          })
        }
      }
    })

    const deliveries = Effect.fnUntraced(function*(entry: OutboxEntry) {
      const found = yield* audience(entry)
      if (Option.isNone(found)) return []
      const { actorId, commentId, postId, recipients } = found.value
      const createdAt = DateTime.unsafeMake(entry.createdAt)
      const told = new Set<UserId>([actorId])
      const out: Array<Delivery> = []
      for (const recipient of recipients) {
        if (told.has(recipient.userId)) continue
        told.add(recipient.userId)
        out.push({
          recipientId: recipient.userId,
          notification: new Notification({
            id: NotificationId.make(yield* ids.next),
            kind: recipient.kind,
            actorId,
            postId,
            commentId,
            createdAt,
            readAt: null
          })
        })
      }
      return out
    })

    /** Delivers every pending event no other worker holds; answers how many were handled. */
    const drain = drainBatches(
      batchSize,
      Effect.flatMap(
        Clock.currentTimeMillis,
        (now) => notifications.claim(batchSize, now, now + Duration.toMillis(outboxClaim))
      ),
      (entries) =>
        Effect.gen(function*() {
          yield* notifications.deliver(
            yield* Effect.forEach(
              entries,
              (entry) => Effect.map(deliveries(entry), (made) => ({ entryId: entry.id, deliveries: made }))
            )
          )
          // Storing a notification may have enqueued webhook deliveries.
          yield* webhookSignal.wake
        })
    ).pipe(Effect.withSpan("NotificationWorker.drain"))

    /**
     * Drains whenever woken, and every `pollInterval` regardless. A wake-up
     * waits `gather` first, so that a burst of writes is delivered as one
     * batch (one transaction) rather than one by one. A failed round is
     * logged and retried on the next one: the events stay in the outbox
     * until delivered.
     */
    const run = (pollInterval: Duration.DurationInput, gather: Duration.DurationInput = defaultGather) =>
      runRounds({
        drain,
        nudge: signal,
        pollInterval,
        gather,
        failed: "Notification worker: delivery failed; retrying on the next round"
      })

    return { drain, run } as const
  })
}) {}
