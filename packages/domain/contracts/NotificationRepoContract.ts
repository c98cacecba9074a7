/**
 * The behaviour every NotificationRepo adapter must have: pending outbox
 * entries oldest first, and claims on them that keep other claims out until
 * they end (NotificationRepoClaimContract); `deliver` stores an entry's
 * notifications and removes the entry, and a second or replayed delivery of the same entry
 * (even at once) never adds a notification for a recipient it already
 * notified; lists newest first (ties by id descending) with an unread-only
 * view; markRead touches only the reader's own unread notifications.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import {
  ChannelRepo,
  CommentRepo,
  type Delivery,
  FollowRepo,
  Notification,
  NotificationId,
  NotificationRepo,
  PostRepo,
  type User
} from "@holonet/domain"
import * as Effect from "effect/Effect"
import type { DateTime } from "effect"
import {
  at,
  everything,
  fresh,
  ids,
  makeChannel,
  makeComment,
  makePost,
  makeUser,
  pendingEntries,
  type RepositoriesLayer,
  seedUsers
} from "./Fixtures.js"
import { notificationRepoClaimContract } from "./NotificationRepoClaimContract.js"

const ann = makeUser("ann")
const ben = makeUser("ben")
const cat = makeUser("cat")
const dan = makeUser("dan")

/** A follow notification from `actor`, unread. */
const makeNotification = (key: string, actor: User, createdAt: DateTime.Utc): Notification =>
  new Notification({
    id: NotificationId.make(`notification-${key}`),
    kind: "follow",
    actorId: actor.id,
    postId: null,
    commentId: null,
    createdAt,
    readAt: null
  })

const to = (recipient: User, notification: Notification): Delivery => ({ recipientId: recipient.id, notification })

/** Three follows, hence three outbox entries: ann → ben, ann → cat, cat → dan. */
const seedEntries = Effect.gen(function*() {
  yield* seedUsers(ann, ben, cat, dan)
  const follows = yield* FollowRepo
  yield* follows.follow(ann.id, ben.id, at(1))
  yield* follows.follow(ann.id, cat.id, at(2))
  yield* follows.follow(cat.id, dan.id, at(3))
  return yield* pendingEntries(100)
})

/** The id of the n-th pending entry; a missing one is a broken fixture. */
const entryId = (entries: ReadonlyArray<{ readonly id: number }>, n: number) =>
  Effect.fromNullable(entries[n]).pipe(Effect.map((entry) => entry.id), Effect.orDie)

/** Delivers one entry, as a batch of one. */
const deliverOne = (
  repo: NotificationRepo["Type"],
  entryId: number,
  deliveries: ReadonlyArray<Delivery>
) => repo.deliver([{ entryId, deliveries }])

export const notificationRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  addEqualityTesters()
  const run = fresh(layer)

  describe(`NotificationRepo contract: ${name}`, () => {
    it.effect("pending: oldest entries first, as many as asked, with every kind of event", () =>
      run(Effect.gen(function*() {
        expect(yield* pendingEntries(10)).toEqual([])
        const entries = yield* seedEntries
        const general = makeChannel("general", ann)
        yield* (yield* ChannelRepo).create(general).pipe(Effect.orDie)
        const post = makePost("p", general, ben, { createdAt: at(4) })
        yield* (yield* PostRepo).insert(post)
        const comment = makeComment("c", post, cat, null, { createdAt: at(6) })
        yield* (yield* CommentRepo).insert(comment)

        const all = yield* pendingEntries(10)
        expect(all.map((entry) => [entry.event, entry.createdAt])).toEqual([
          [{ kind: "followed", followerId: ann.id, followeeId: ben.id }, at(1).epochMillis],
          [{ kind: "followed", followerId: ann.id, followeeId: cat.id }, at(2).epochMillis],
          [{ kind: "followed", followerId: cat.id, followeeId: dan.id }, at(3).epochMillis],
          [{ kind: "post_created", postId: post.id }, at(4).epochMillis],
          [{ kind: "comment_created", commentId: comment.id }, at(6).epochMillis]
        ])
        const allIds = all.map((entry) => entry.id)
        expect([...allIds].sort((a, b) => a - b)).toEqual(allIds)
        expect(new Set(allIds).size).toBe(5)
        expect(all.slice(0, 3)).toEqual(entries)
        expect(yield* pendingEntries(2)).toEqual(all.slice(0, 2))
      })))

    it.effect("deliver stores the notifications for their recipients and removes the entry", () =>
      run(Effect.gen(function*() {
        const repo = yield* NotificationRepo
        const entries = yield* seedEntries
        const first = yield* entryId(entries, 0)
        const n1 = makeNotification("1", ann, at(1))
        yield* deliverOne(repo, first, [to(ben, n1)])

        expect(yield* pendingEntries(10)).toEqual(entries.slice(1))
        const listed = yield* repo.list(ben.id, false, everything)
        expect(listed).toEqual([n1])
        expect(yield* repo.list(ann.id, false, everything)).toEqual([])

        // An entry that notifies nobody is removed all the same.
        yield* deliverOne(repo, yield* entryId(entries, 1), [])
        expect(yield* pendingEntries(10)).toEqual(entries.slice(2))
      })))

    it.effect("delivering an entry again, replayed with new ids, or twice at once never duplicates", () =>
      run(Effect.gen(function*() {
        const repo = yield* NotificationRepo
        const entries = yield* seedEntries
        const first = yield* entryId(entries, 0)
        const second = yield* entryId(entries, 1)
        const forBen = makeNotification("ben", ann, at(1))
        const forCat = makeNotification("cat", ann, at(1))
        yield* deliverOne(repo, first, [to(ben, forBen), to(cat, forCat)])
        // The same delivery again (a worker that died before learning it succeeded).
        yield* deliverOne(repo, first, [to(ben, forBen), to(cat, forCat)])
        // A replay whose notifications got new ids (computed again by a restarted worker).
        yield* deliverOne(repo, first, [to(ben, makeNotification("ben-again", ann, at(9)))])
        expect(yield* repo.list(ben.id, false, everything)).toEqual([forBen])
        expect(yield* repo.list(cat.id, false, everything)).toEqual([forCat])

        // Two workers delivering the same entry at once.
        yield* Effect.all([
          deliverOne(repo, second, [to(cat, makeNotification("cat-a", ann, at(2)))]),
          deliverOne(repo, second, [to(cat, makeNotification("cat-b", ann, at(2)))])
        ], { concurrency: "unbounded", discard: true })
        const cats = yield* repo.list(cat.id, false, everything)
        expect(cats.length).toBe(2)
        expect(ids(cats).filter((id) => id === "notification-cat-a" || id === "notification-cat-b").length).toBe(1)
        expect(yield* pendingEntries(10)).toEqual(entries.slice(2))

        // Uniqueness is per (entry, recipient): a recipient the entry had not notified yet is added.
        const forDan = makeNotification("dan", ann, at(1))
        yield* deliverOne(repo, first, [to(dan, forDan)])
        expect(yield* repo.list(dan.id, false, everything)).toEqual([forDan])
      })))

    it.effect("list: newest first, ties by id descending, paged, and unread only on request", () =>
      run(Effect.gen(function*() {
        const repo = yield* NotificationRepo
        const entries = yield* seedEntries
        const n1 = makeNotification("1", ann, at(1))
        const n2 = makeNotification("2", cat, at(5))
        const n3 = makeNotification("3", dan, at(5))
        const n4 = makeNotification("4", ann, at(3))
        const forCat = makeNotification("5", ann, at(9))
        yield* deliverOne(repo, yield* entryId(entries, 0), [to(ben, n1), to(cat, forCat)])
        yield* deliverOne(repo, yield* entryId(entries, 1), [to(ben, n2)])
        yield* deliverOne(repo, yield* entryId(entries, 2), [to(ben, n3), to(dan, n4)])

        expect(ids(yield* repo.list(ben.id, false, everything))).toEqual(ids([n3, n2, n1]))
        expect(ids(yield* repo.list(ben.id, false, { limit: 1, offset: 1 }))).toEqual(ids([n2]))
        expect(ids(yield* repo.list(ben.id, false, { limit: 5, offset: 2 }))).toEqual(ids([n1]))
        expect(ids(yield* repo.list(ben.id, true, everything))).toEqual(ids([n3, n2, n1]))

        yield* repo.markRead(ben.id, [n2.id], at(20))
        expect(ids(yield* repo.list(ben.id, true, everything))).toEqual(ids([n3, n1]))
        expect(ids(yield* repo.list(ben.id, true, { limit: 1, offset: 1 }))).toEqual(ids([n1]))
        expect(ids(yield* repo.list(ben.id, false, everything))).toEqual(ids([n3, n2, n1]))
        expect(ids(yield* repo.list(dan.id, false, everything))).toEqual(ids([n4]))
      })))

    it.effect("markRead: the given ids or all, only the reader's own, unread ones keep their first read time", () =>
      run(Effect.gen(function*() {
        const repo = yield* NotificationRepo
        const entries = yield* seedEntries
        const n1 = makeNotification("1", ann, at(1))
        const n2 = makeNotification("2", ann, at(2))
        const n3 = makeNotification("3", ann, at(3))
        const forCat = makeNotification("cat", ann, at(4))
        yield* deliverOne(repo, yield* entryId(entries, 0), [to(ben, n1), to(cat, forCat)])
        yield* deliverOne(repo, yield* entryId(entries, 1), [to(ben, n2)])
        yield* deliverOne(repo, yield* entryId(entries, 2), [to(ben, n3)])

        // cat's id among ben's is ignored, as is an unknown one.
        yield* repo.markRead(ben.id, [n1.id, forCat.id, NotificationId.make("notification-none")], at(30))
        expect(yield* repo.list(ben.id, false, everything)).toEqual([
          n3,
          n2,
          new Notification({ ...n1, readAt: at(30) })
        ])
        expect(yield* repo.list(cat.id, true, everything)).toEqual([forCat])

        // Someone else can't mark ben's notifications.
        yield* repo.markRead(cat.id, [n2.id], at(35))
        expect(ids(yield* repo.list(ben.id, true, everything))).toEqual(ids([n3, n2]))

        // No ids given: all of the reader's unread; the already read one keeps its time.
        yield* repo.markRead(ben.id, [], at(38))
        expect(ids(yield* repo.list(ben.id, true, everything))).toEqual(ids([n3, n2]))
        yield* repo.markRead(ben.id, undefined, at(40))
        expect(yield* repo.list(ben.id, true, everything)).toEqual([])
        expect(yield* repo.list(ben.id, false, everything)).toEqual([
          new Notification({ ...n3, readAt: at(40) }),
          new Notification({ ...n2, readAt: at(40) }),
          new Notification({ ...n1, readAt: at(30) })
        ])
        expect(yield* repo.list(cat.id, true, everything)).toEqual([forCat])
      })))

    notificationRepoClaimContract(run)
  })
}
