/**
 * Notifications on the in-memory domain: each kind reaches the right person
 * once and never the actor; events wait in the outbox until the worker
 * delivers them, survive a worker that dies half-way, and are never
 * delivered twice. Reading and marking read are per reader.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Fiber, Layer, Schedule, Schema, TestClock } from "effect"
import { NewChannel } from "../src/Channel.js"
import { Channels } from "../src/Channels.js"
import { Comment, NewComment } from "../src/Comment.js"
import { CommentRepo } from "../src/CommentRepo.js"
import { Comments } from "../src/Comments.js"
import { Follows } from "../src/Follows.js"
import { CommentId } from "../src/Ids.js"
import { mentionedUsernames } from "../src/Mentions.js"
import type { Notification } from "../src/Notification.js"
import { NotificationRepo } from "../src/NotificationRepo.js"
import { Notifications } from "../src/Notifications.js"
import { NotificationWorker } from "../src/NotificationWorker.js"
import { NewPost } from "../src/Post.js"
import { Posts } from "../src/Posts.js"
import { DomainMemory } from "../src/testing.js"
import type { User } from "../src/User.js"
import { as, signUp } from "./UseCaseFixtures.js"

addEqualityTesters()

const everything = { limit: 100, offset: 0 }

const setUp = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  const input = yield* Schema.decodeUnknown(NewChannel)({ name: "general", title: "General" })
  yield* (yield* Channels).create(input).pipe(as(alice))
  return { alice, bob, carol }
}).pipe(Effect.orDie)

const post = (author: User, content: string, title = "A post") =>
  Effect.gen(function*() {
    const input = yield* Schema.decodeUnknown(NewPost)({ title, content, channel_id: "general" })
    return yield* (yield* Posts).create(input).pipe(as(author))
  }).pipe(Effect.orDie)

const comment = (author: User, postId: string, content: string, parentId?: string) =>
  Effect.gen(function*() {
    const input = yield* Schema.decodeUnknown(NewComment)({ post_id: postId, content, parent_id: parentId ?? null })
    return yield* (yield* Comments).create(input).pipe(as(author))
  }).pipe(Effect.orDie)

/**
 * Lets the forked worker run until `reader` has `count` notifications; no
 * clock involved, only yields, bounded so a broken worker fails the test.
 */
const arrived = (reader: User, count: number) =>
  inbox(reader).pipe(
    Effect.tap(() => Effect.yieldNow()),
    Effect.repeat({ until: (list) => list.length >= count, schedule: Schedule.recurs(1000) })
  )

const drain = Effect.flatMap(NotificationWorker, (worker) => worker.drain)

const inbox = (reader: User, unreadOnly = false) =>
  Effect.flatMap(Notifications, (notifications) => notifications.list(unreadOnly, everything)).pipe(as(reader))

/** kind:actor for a compact comparison. */
const summary = (users: ReadonlyArray<User>) => (list: ReadonlyArray<Notification>) =>
  list.map((n) => `${n.kind}:${users.find((user) => user.id === n.actorId)?.username ?? n.actorId}`)

describe("Mentions", () => {
  it("finds whole usernames after @, distinct case-insensitively, not inside addresses, at most 10", () => {
    expect(mentionedUsernames("hi @bob and @Carol_1, also @bob again")).toEqual(["bob", "Carol_1"])
    expect(mentionedUsernames("mail me at alice@example.com or @@ab or @x")).toEqual([])
    expect(mentionedUsernames("(@dave) @erin.")).toEqual(["dave", "erin"])
    const crowd = Array.from({ length: 15 }, (_, i) => `@user${i}`).join(" ")
    expect(mentionedUsernames(crowd)).toHaveLength(10)
  })
})

describe("Notifications", () => {
  it.effect("comment on a post, reply to a comment, mentions and follows each notify the person concerned", () =>
    Effect.gen(function*() {
      const { alice, bob, carol } = yield* setUp
      const users = [alice, bob, carol]
      const first = yield* post(alice, "What do you think, @carol?")
      yield* TestClock.adjust("1 minute")
      const top = yield* comment(bob, first.id, "I think so")
      yield* TestClock.adjust("1 minute")
      const reply = yield* comment(carol, first.id, "Me too, @bob", top.id)
      yield* TestClock.adjust("1 minute")
      yield* (yield* Follows).follow("alice").pipe(as(bob))

      // Nothing is delivered on the request path.
      expect(yield* inbox(alice)).toEqual([])
      expect(yield* drain).toBe(4)

      expect(summary(users)(yield* inbox(alice))).toEqual([
        "follow:bob",
        "comment_on_post:carol",
        "comment_on_post:bob"
      ])
      // bob is both replied to and mentioned by carol's comment: one notification, the reply.
      expect(summary(users)(yield* inbox(bob))).toEqual(["reply:carol"])
      expect(summary(users)(yield* inbox(carol))).toEqual(["mention:alice"])

      const [replyNote] = yield* inbox(bob)
      expect(replyNote?.postId).toBe(first.id)
      expect(replyNote?.commentId).toBe(reply.id)
      expect(replyNote?.readAt).toBeNull()
      expect(replyNote?.createdAt).toEqual(reply.createdAt)
      const [mention] = yield* inbox(carol)
      expect([mention?.postId, mention?.commentId]).toEqual([first.id, null])
      const [follow] = yield* inbox(alice)
      expect([follow?.postId, follow?.commentId]).toEqual([null, null])
      expect(yield* drain).toBe(0)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("never notifies the actor: own post, own comment, mentioning yourself", () =>
    Effect.gen(function*() {
      const { alice } = yield* setUp
      const own = yield* post(alice, "Note to self, @alice")
      const mine = yield* comment(alice, own.id, "Replying to myself @ALICE")
      yield* comment(alice, own.id, "and again", mine.id)
      expect(yield* drain).toBe(3)
      expect(yield* inbox(alice)).toEqual([])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("an item deleted before the worker sees it notifies no one; unknown mentions are ignored", () =>
    Effect.gen(function*() {
      const { alice, bob } = yield* setUp
      const first = yield* post(alice, "hello @nobody_here")
      const gone = yield* comment(bob, first.id, "oops")
      yield* (yield* Comments).remove(gone.id).pipe(as(bob))
      expect(yield* drain).toBe(2)
      expect(yield* inbox(alice)).toEqual([])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("a worker that dies before delivering loses nothing, and a second delivery adds nothing", () =>
    Effect.gen(function*() {
      const { alice, bob } = yield* setUp
      const first = yield* post(alice, "")
      yield* comment(bob, first.id, "first!")

      // The crash: this worker claims the outbox and dies on the way to storing.
      const crashing = Layer.effect(
        NotificationRepo,
        Effect.map(NotificationRepo, (repo) => ({ ...repo, deliver: () => Effect.die("power cut") }))
      )
      const crashed = yield* Effect.exit(
        drain.pipe(Effect.provide(NotificationWorker.Default.pipe(Layer.provide(crashing))))
      )
      expect(crashed._tag).toBe("Failure")
      expect(yield* inbox(alice)).toEqual([])
      // Its claim holds the entries back from other workers until it ends, a minute later.
      expect(yield* drain).toBe(0)
      yield* TestClock.adjust("59 seconds")
      expect(yield* drain).toBe(0)
      yield* TestClock.adjust("1 second")

      // The restarted worker delivers once; replaying the same entry changes nothing.
      expect(yield* drain).toBe(2)
      const delivered = yield* inbox(alice)
      expect(summary([bob])(delivered)).toEqual(["comment_on_post:bob"])
      const repo = yield* NotificationRepo
      const [note] = delivered
      if (note !== undefined) {
        yield* repo.deliver([{ entryId: 2, deliveries: [{ recipientId: alice.id, notification: note }] }])
      }
      expect(yield* drain).toBe(0)
      expect(yield* inbox(alice)).toEqual(delivered)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("the background worker delivers a burst when woken by a write, and on its poll otherwise", () =>
    Effect.gen(function*() {
      const { alice, bob } = yield* setUp
      const worker = yield* NotificationWorker
      const fiber = yield* Effect.fork(worker.run("1 hour", "20 millis"))
      // Let it make its first (empty) round and wait.
      yield* arrived(alice, 1)
      const first = yield* post(alice, "")
      yield* comment(bob, first.id, "woken")
      yield* comment(bob, first.id, "and again")
      // Woken, it gathers the burst for 20 ms before delivering it.
      yield* arrived(alice, 1)
      expect(yield* inbox(alice)).toEqual([])
      yield* TestClock.adjust("20 millis")
      yield* arrived(alice, 2)
      expect(summary([bob])(yield* inbox(alice))).toEqual(["comment_on_post:bob", "comment_on_post:bob"])
      // The burst left one more nudge behind; let that round finish (it finds nothing).
      yield* TestClock.adjust("20 millis")
      yield* arrived(alice, 3)

      // An event stored without a nudge (by another process, or before a crash) waits for the poll.
      const now = yield* DateTime.now
      yield* (yield* CommentRepo).insert(
        new Comment({
          id: CommentId.make("quiet-one"),
          postId: first.id,
          parentId: null,
          authorId: bob.id,
          content: "quiet",
          upvotes: 0,
          downvotes: 0,
          score: 0,
          depth: 0,
          createdAt: now,
          updatedAt: now,
          isDeleted: false
        })
      )
      yield* TestClock.adjust("20 millis")
      yield* arrived(alice, 3)
      expect(yield* inbox(alice)).toHaveLength(2)
      yield* TestClock.adjust("1 hour")
      yield* arrived(alice, 3)
      expect(yield* inbox(alice)).toHaveLength(3)
      yield* Fiber.interrupt(fiber)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("unread_only and marking read: some ids, then all; others' ids are ignored", () =>
    Effect.gen(function*() {
      const { alice, bob, carol } = yield* setUp
      const first = yield* post(alice, "")
      yield* comment(bob, first.id, "one")
      yield* TestClock.adjust("1 minute")
      yield* comment(carol, first.id, "two @bob")
      yield* drain
      const notifications = yield* Notifications
      const [newest, oldest] = yield* inbox(alice)
      const [bobs] = yield* inbox(bob)
      if (newest === undefined || oldest === undefined || bobs === undefined) return expect.unreachable()

      yield* notifications.markRead({ ids: [oldest.id, bobs.id] }).pipe(as(alice))
      expect((yield* inbox(alice, true)).map((n) => n.id)).toEqual([newest.id])
      const [readOne] = (yield* inbox(alice)).filter((n) => n.id === oldest.id)
      expect(readOne?.readAt).not.toBeNull()
      // alice could not mark bob's notification.
      expect((yield* inbox(bob, true)).map((n) => n.id)).toEqual([bobs.id])

      yield* notifications.markRead({}).pipe(as(alice))
      expect(yield* inbox(alice, true)).toEqual([])
      expect(yield* inbox(alice)).toHaveLength(2)
    }).pipe(Effect.provide(DomainMemory.layer)))
})
