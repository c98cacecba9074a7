/**
 * The behaviour every CommentRepo adapter must have: round trips, deleted
 * comments that stay readable (flagged, content blanked), edits of live
 * comments only, listing by post, and the post's comment_count always equal
 * to its live comments. Each test gets a fresh store seeded with a user, a
 * channel and posts, because comments refer to all three.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { ChannelRepo, Comment, CommentId, CommentRepo, type Post, type PostId, PostRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import {
  at,
  fresh,
  ids,
  makeChannel,
  makeComment,
  makePost,
  makeUser,
  type RepositoriesLayer,
  seedUsers
} from "./Fixtures.js"

const alice = makeUser("alice")
const bob = makeUser("bob", { userType: "agent" })
const general = makeChannel("general", alice)
const first = makePost("first", general, alice)
const second = makePost("second", general, bob)

const seed = Effect.gen(function*() {
  yield* seedUsers(alice, bob)
  yield* (yield* ChannelRepo).create(general).pipe(Effect.orDie)
  const posts = yield* PostRepo
  yield* posts.insert(first)
  yield* posts.insert(second)
})

const commentCount = (post: Post) =>
  Effect.flatMap(PostRepo, (repo) => repo.findById(post.id)).pipe(
    Effect.map(Option.map((stored) => stored.commentCount))
  )

const sortedIds = (comments: ReadonlyArray<Comment>) => [...ids(comments)].sort()

const listIds = (postId: PostId) =>
  Effect.flatMap(CommentRepo, (repo) => repo.listByPost(postId)).pipe(Effect.map(sortedIds))

export const commentRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  addEqualityTesters()
  const run = fresh(layer)

  describe(`CommentRepo contract: ${name}`, () => {
    it.effect("insert then findById round-trips every field and bumps the post's comment_count", () =>
      run(Effect.gen(function*() {
        const repo = yield* CommentRepo
        yield* seed
        const top = makeComment("top", first, bob, null, { createdAt: at(1), updatedAt: at(1) })
        const reply = makeComment("reply", first, alice, top, {
          content: "A **reply**",
          upvotes: 3,
          downvotes: 1,
          score: 2,
          createdAt: at(2),
          updatedAt: at(3)
        })
        yield* repo.insert(top)
        yield* repo.insert(reply)

        expect(yield* repo.findById(top.id)).toEqual(Option.some(top))
        const found = yield* Effect.flatten(repo.findById(reply.id))
        expect(found).toEqual(reply)
        expect([found.parentId, found.depth, found.upvotes, found.downvotes, found.score, found.isDeleted]).toEqual([
          top.id,
          1,
          3,
          1,
          2,
          false
        ])
        expect([found.createdAt.epochMillis, found.updatedAt.epochMillis]).toEqual([
          at(2).epochMillis,
          at(3).epochMillis
        ])
        expect(yield* commentCount(first)).toEqual(Option.some(2))
        expect(yield* commentCount(second)).toEqual(Option.some(0))
        expect(yield* repo.findById(CommentId.make("comment-missing"))).toEqual(Option.none())
      })))

    it.effect("a deleted comment stays readable, blanked and flagged; its replies are untouched", () =>
      run(Effect.gen(function*() {
        const repo = yield* CommentRepo
        yield* seed
        const parent = makeComment("parent", first, bob)
        const child = makeComment("child", first, alice, parent)
        yield* repo.insert(parent)
        yield* repo.insert(child)

        expect(yield* repo.softDelete(parent.id, at(7))).toBe(true)
        const deleted = yield* Effect.flatten(repo.findById(parent.id))
        expect(deleted).toEqual(new Comment({ ...parent, content: "", isDeleted: true, updatedAt: at(7) }))
        expect(yield* repo.findById(child.id)).toEqual(Option.some(child))
        expect(yield* listIds(first.id)).toEqual([child.id, parent.id])
        expect(yield* commentCount(first)).toEqual(Option.some(1))
      })))

    it.effect("updateContent changes a live comment only", () =>
      run(Effect.gen(function*() {
        const repo = yield* CommentRepo
        yield* seed
        const live = makeComment("live", first, bob)
        const gone = makeComment("gone", first, bob)
        yield* repo.insert(live)
        yield* repo.insert(gone)
        yield* repo.softDelete(gone.id, at(4))

        const edited = new Comment({ ...live, content: "Edited", updatedAt: at(5) })
        expect(yield* repo.updateContent(live.id, "Edited", at(5))).toEqual(Option.some(edited))
        expect(yield* repo.findById(live.id)).toEqual(Option.some(edited))

        expect(yield* repo.updateContent(gone.id, "Resurrected", at(6))).toEqual(Option.none())
        const stillGone = yield* Effect.flatten(repo.findById(gone.id))
        expect([stillGone.content, stillGone.isDeleted, stillGone.updatedAt]).toEqual(["", true, at(4)])
        expect(yield* repo.updateContent(CommentId.make("comment-missing"), "x", at(6))).toEqual(Option.none())
      })))

    it.effect("comment_count follows inserts and deletes; deleting twice, even at once, counts once", () =>
      run(Effect.gen(function*() {
        const repo = yield* CommentRepo
        yield* seed
        const comments = Array.from({ length: 6 }, (_, i) => makeComment(`c${i}`, first, i % 2 === 0 ? alice : bob))
        yield* Effect.forEach(comments, repo.insert, { concurrency: "unbounded", discard: true })
        yield* repo.insert(makeComment("elsewhere", second, alice))
        expect(yield* commentCount(first)).toEqual(Option.some(6))
        expect(yield* commentCount(second)).toEqual(Option.some(1))

        const targets = [comments[0], comments[1], comments[0], comments[1]].flatMap((
          c
        ) => (c === undefined ? [] : [c]))
        const deletions = yield* Effect.forEach(targets, (c) => repo.softDelete(c.id, at(5)), {
          concurrency: "unbounded"
        })
        expect(deletions.filter((deleted) => deleted).length).toBe(2)
        expect(yield* commentCount(first)).toEqual(Option.some(4))
        expect(yield* repo.softDelete(comments[0]?.id ?? CommentId.make("none"), at(6))).toBe(false)
        expect(yield* repo.softDelete(CommentId.make("comment-missing"), at(6))).toBe(false)
        expect(yield* commentCount(first)).toEqual(Option.some(4))
        expect(yield* commentCount(second)).toEqual(Option.some(1))

        // The counter equals the live comments the repository lists.
        const listed = yield* repo.listByPost(first.id)
        expect(listed.length).toBe(6)
        expect(listed.filter((c) => !c.isDeleted).length).toBe(4)
      })))

    it.effect("listByPost returns every comment of that post, deleted ones included, and nothing else", () =>
      run(Effect.gen(function*() {
        const repo = yield* CommentRepo
        yield* seed
        const a = makeComment("a", first, alice, null, { createdAt: at(3) })
        const b = makeComment("b", first, bob, a, { createdAt: at(1) })
        const c = makeComment("c", first, alice, b, { createdAt: at(2) })
        const x = makeComment("x", second, alice)
        yield* Effect.forEach([c, x, a, b].sort((l, r) => l.depth - r.depth), repo.insert)
        yield* repo.softDelete(b.id, at(4))

        const listed = yield* repo.listByPost(first.id)
        expect(sortedIds(listed)).toEqual([a.id, b.id, c.id])
        expect(listed.find((comment) => comment.id === c.id)).toEqual(c)
        expect(listed.find((comment) => comment.id === b.id)?.isDeleted).toBe(true)
        expect(yield* listIds(second.id)).toEqual([x.id])
        const unknownPost = makePost("unknown", general, alice)
        expect(yield* repo.listByPost(unknownPost.id)).toEqual([])
      })))

    it.effect("listByAuthor: the author's live comments on visible posts, newest first, ties by id, paged", () =>
      run(Effect.gen(function*() {
        const repo = yield* CommentRepo
        yield* seed
        const third = makePost("third", general, alice)
        yield* (yield* PostRepo).insert(third)
        const older = makeComment("a-older", first, bob, null, { createdAt: at(1), updatedAt: at(1) })
        const tieA = makeComment("b-tie", second, bob, null, { createdAt: at(2), updatedAt: at(2) })
        const tieB = makeComment("c-tie", first, bob, null, { createdAt: at(2), updatedAt: at(2) })
        const deleted = makeComment("d-deleted", first, bob, null, { createdAt: at(3), updatedAt: at(3) })
        const onDeletedPost = makeComment("e-gone-post", third, bob, null, { createdAt: at(4), updatedAt: at(4) })
        const someoneElse = makeComment("f-alice", first, alice, null, { createdAt: at(5), updatedAt: at(5) })
        for (const comment of [older, tieA, tieB, deleted, onDeletedPost, someoneElse]) yield* repo.insert(comment)
        yield* repo.softDelete(deleted.id, at(6))
        yield* (yield* PostRepo).softDelete(third.id, at(6))

        expect(ids(yield* repo.listByAuthor(bob.id, { limit: 10, offset: 0 }))).toEqual([tieB.id, tieA.id, older.id])
        expect(ids(yield* repo.listByAuthor(bob.id, { limit: 1, offset: 1 }))).toEqual([tieA.id])
        expect(yield* repo.listByAuthor(bob.id, { limit: 10, offset: 0 })).toContainEqual(older)
        expect(ids(yield* repo.listByAuthor(alice.id, { limit: 10, offset: 0 }))).toEqual([someoneElse.id])
      })))
  })
}
