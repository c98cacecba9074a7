/**
 * Comments use case on the in-memory domain: thread order for every sort on
 * a multi-level tree, pagination of the flattened thread, the parent and
 * depth rules, author-only edits, deletion by the author or a moderator that
 * keeps the comment's place, and comment_count equal to the live comments.
 * Also the pure helpers behind the order: threadOrder and wilsonLowerBound.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Schema, TestClock } from "effect"
import { NewChannel } from "../src/Channel.js"
import { Channels } from "../src/Channels.js"
import { Comment, type CommentSort, maxCommentDepth, NewComment } from "../src/Comment.js"
import { Comments } from "../src/Comments.js"
import { CommentNotFound, ParentNotInPost, PermissionDenied, PostNotFound, ThreadTooDeep } from "../src/Errors.js"
import { CommentId, PostId, UserId } from "../src/Ids.js"
import type { Page } from "../src/Page.js"
import { NewPost } from "../src/Post.js"
import { Posts } from "../src/Posts.js"
import { DomainMemory } from "../src/testing.js"
import { threadOrder, wilsonLowerBound } from "../src/Thread.js"
import type { User } from "../src/User.js"
import type { VoteValue } from "../src/Vote.js"
import { Votes } from "../src/Votes.js"
import { as, signUp } from "./UseCaseFixtures.js"

addEqualityTesters()

const everything: Page = { limit: 500, offset: 0 }

const openChannel = (owner: User, name: string) =>
  Effect.gen(function*() {
    const input = yield* Schema.decodeUnknown(NewChannel)({ name, title: name })
    return yield* (yield* Channels).create(input).pipe(as(owner))
  }).pipe(Effect.orDie)

const writePost = (author: User, channel: string, title: string) =>
  Effect.gen(function*() {
    const input = yield* Schema.decodeUnknown(NewPost)({ title, content: "", channel_id: channel })
    return yield* (yield* Posts).create(input).pipe(as(author))
  }).pipe(Effect.orDie)

/** Comments as the API would: decoded from the wire shape, one minute after the previous action. */
const reply = (author: User, postId: PostId, content: string, parent?: Comment) =>
  Effect.gen(function*() {
    yield* TestClock.adjust("1 minute")
    const input = yield* Schema.decodeUnknown(NewComment)({
      post_id: postId,
      content,
      ...(parent === undefined ? {} : { parent_id: parent.id })
    }).pipe(Effect.orDie)
    return yield* (yield* Comments).create(input).pipe(as(author))
  })

const listed = (postId: PostId, sort: CommentSort, page: Page = everything) =>
  Effect.flatMap(Comments, (comments) => comments.list(postId, sort, page))

const contents = (comments: ReadonlyArray<Comment>) => comments.map((comment) => comment.content)

const commentCount = (postId: PostId) =>
  Effect.flatMap(Posts, (posts) => posts.get(postId)).pipe(Effect.map((post) => post.commentCount))

/** A channel (moderated by `mod`) with one post by `alice`. */
const setUp = Effect.gen(function*() {
  const mod = yield* signUp("mod")
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  yield* openChannel(mod, "general")
  const post = yield* writePost(alice, "general", "Discuss")
  return { mod, alice, bob, carol, post }
})

describe("Comments", () => {
  it.effect("thread order on a four-level tree for every sort, children right after their parent", () =>
    Effect.gen(function*() {
      const { alice, bob, post } = yield* setUp
      const voters = yield* Effect.forEach(["voter1", "voter2", "voter3", "voter4", "voter5", "voter6", "voter7"], signUp)
      const votes = yield* Votes
      const castVotes = (comment: Comment, values: ReadonlyArray<VoteValue>) =>
        Effect.forEach(values, (value, i) => {
          const voter = voters[i]
          return voter === undefined
            ? Effect.dieMessage("not enough voters")
            : votes.voteComment(comment.id, value).pipe(as(voter))
        }, { discard: true })

      const a = yield* reply(bob, post.id, "A")
      const c = yield* reply(alice, post.id, "C")
      const b = yield* reply(bob, post.id, "B")
      const a1 = yield* reply(alice, post.id, "A1", a)
      const a2 = yield* reply(bob, post.id, "A2", a)
      const a1a = yield* reply(bob, post.id, "A1a", a1)
      yield* reply(alice, post.id, "A1b", a1)
      yield* reply(alice, post.id, "C1", c)
      const a1a1 = yield* reply(alice, post.id, "A1a1", a1a)
      expect([a.depth, a1.depth, a1a.depth, a1a1.depth]).toEqual([0, 1, 2, 3])

      // top by score: B 3, A 2, C 0. best by Wilson bound: A (2 up) beats B (5 up, 2 down).
      yield* castVotes(a, [1, 1])
      yield* castVotes(b, [1, 1, 1, 1, 1, -1, -1])
      yield* castVotes(a2, [1])
      yield* castVotes(a1a, [-1])

      const orders: Record<CommentSort, ReadonlyArray<string>> = {
        old: ["A", "A1", "A1a", "A1a1", "A1b", "A2", "C", "C1", "B"],
        new: ["B", "C", "C1", "A", "A2", "A1", "A1b", "A1a", "A1a1"],
        top: ["B", "A", "A2", "A1", "A1b", "A1a", "A1a1", "C", "C1"],
        // A1a (0 up, 1 down) and A1b (no votes) both bound at 0: the tie goes by id.
        best: ["A", "A2", "A1", "A1a", "A1a1", "A1b", "B", "C", "C1"]
      }
      for (const sort of ["old", "new", "top", "best"] as const) {
        const thread = yield* listed(post.id, sort)
        expect(contents(thread), sort).toEqual(orders[sort])
        // Every reply comes after its parent, one level deeper.
        thread.forEach((comment, i) => {
          if (comment.parentId === null) return expect(comment.depth).toBe(0)
          const parentAt = thread.findIndex((other) => other.id === comment.parentId)
          expect(parentAt).toBeGreaterThanOrEqual(0)
          expect(parentAt).toBeLessThan(i)
          expect(comment.depth).toBe((thread[parentAt]?.depth ?? -2) + 1)
        })
      }

      // Pagination runs over the flattened order.
      expect(contents(yield* listed(post.id, "top", { limit: 3, offset: 2 }))).toEqual(["A2", "A1", "A1b"])
      expect(contents(yield* listed(post.id, "old", { limit: 4, offset: 7 }))).toEqual(["C1", "B"])
      expect(yield* listed(post.id, "new", { limit: 4, offset: 9 })).toEqual([])
      expect(yield* commentCount(post.id)).toBe(9)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("create stores a top-level comment by the caller and get returns it", () =>
    Effect.gen(function*() {
      const { bob, post } = yield* setUp
      const comment = yield* reply(bob, post.id, "Hello")
      expect([comment.postId, comment.parentId, comment.authorId, comment.depth, comment.isDeleted]).toEqual([
        post.id,
        null,
        bob.id,
        0,
        false
      ])
      expect([comment.upvotes, comment.downvotes, comment.score]).toEqual([0, 0, 0])
      expect(comment.createdAt).toEqual(DateTime.unsafeMake(60_000))
      expect(yield* (yield* Comments).get(comment.id)).toEqual(comment)
      const missing = CommentId.make("missing")
      expect(yield* Effect.flip((yield* Comments).get(missing))).toEqual(new CommentNotFound({ id: missing }))
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("a parent on another post is ParentNotInPost; an unknown or deleted parent is CommentNotFound", () =>
    Effect.gen(function*() {
      const { alice, bob, post } = yield* setUp
      const other = yield* writePost(alice, "general", "Other")
      const elsewhere = yield* reply(bob, other.id, "Elsewhere")
      expect(yield* Effect.flip(reply(bob, post.id, "Cross", elsewhere))).toEqual(
        new ParentNotInPost({ parentId: elsewhere.id, postId: post.id })
      )

      const ghost = new Comment({ ...elsewhere, id: CommentId.make("ghost"), postId: post.id })
      expect(yield* Effect.flip(reply(bob, post.id, "To nobody", ghost))).toEqual(new CommentNotFound({ id: "ghost" }))

      const gone = yield* reply(bob, post.id, "Soon gone")
      yield* (yield* Comments).remove(gone.id).pipe(as(bob))
      expect(yield* Effect.flip(reply(alice, post.id, "Too late", gone))).toEqual(new CommentNotFound({ id: gone.id }))
      expect(contents(yield* listed(post.id, "old"))).toEqual([""])
      expect(yield* commentCount(post.id)).toBe(0)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect(`replies nest ${maxCommentDepth} deep and no deeper`, () =>
    Effect.gen(function*() {
      const { alice, post } = yield* setUp
      let parent: Comment | undefined
      for (let i = 0; i <= maxCommentDepth; i++) parent = yield* reply(alice, post.id, `level ${i}`, parent)
      expect(parent?.depth).toBe(50)
      expect(yield* Effect.flip(reply(alice, post.id, "too deep", parent))).toEqual(new ThreadTooDeep({ maxDepth: 50 }))
      const thread = yield* listed(post.id, "best")
      expect(thread.length).toBe(51)
      expect(thread.map((comment) => comment.depth)).toEqual(Array.from({ length: 51 }, (_, i) => i))
      expect(yield* commentCount(post.id)).toBe(51)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("commenting on, listing or reading under a deleted post is not found", () =>
    Effect.gen(function*() {
      const { alice, bob, post } = yield* setUp
      const before = yield* reply(bob, post.id, "Before")
      yield* (yield* Posts).remove(post.id).pipe(as(alice))
      const gone = new PostNotFound({ id: post.id })
      expect(yield* Effect.flip(reply(bob, post.id, "After"))).toEqual(gone)
      expect(yield* Effect.flip(listed(post.id, "new"))).toEqual(gone)
      expect(yield* Effect.flip((yield* Comments).get(before.id))).toEqual(new CommentNotFound({ id: before.id }))
      const nowhere = PostId.make("nowhere")
      expect(yield* Effect.flip(reply(bob, nowhere, "Lost"))).toEqual(new PostNotFound({ id: nowhere }))
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("only the author edits; a stranger's edit is PermissionDenied and changes nothing", () =>
    Effect.gen(function*() {
      const { bob, carol, mod, post } = yield* setUp
      const comments = yield* Comments
      const original = yield* reply(bob, post.id, "Original")
      const denied = yield* Effect.flip(comments.update(original.id, { content: "Hijacked" }).pipe(as(carol)))
      expect(denied).toBeInstanceOf(PermissionDenied)
      // A moderator may delete but not edit.
      expect(yield* Effect.flip(comments.update(original.id, { content: "Moderated" }).pipe(as(mod)))).toBeInstanceOf(
        PermissionDenied
      )
      expect(yield* comments.get(original.id)).toEqual(original)

      yield* TestClock.adjust("5 minutes")
      const edited = yield* comments.update(original.id, { content: "Edited" }).pipe(as(bob))
      expect(edited).toEqual(new Comment({ ...original, content: "Edited", updatedAt: DateTime.unsafeMake(360_000) }))
      expect(yield* comments.get(original.id)).toEqual(edited)

      yield* comments.remove(original.id).pipe(as(bob))
      expect(yield* Effect.flip(comments.update(original.id, { content: "Back" }).pipe(as(bob)))).toEqual(
        new CommentNotFound({ id: original.id })
      )
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("delete by the author or a moderator keeps replies and the place in the thread", () =>
    Effect.gen(function*() {
      const { alice, bob, carol, mod, post } = yield* setUp
      const comments = yield* Comments
      const first = yield* reply(bob, post.id, "First")
      const child = yield* reply(alice, post.id, "Child", first)
      const grandchild = yield* reply(bob, post.id, "Grandchild", child)
      const second = yield* reply(carol, post.id, "Second")
      expect(yield* commentCount(post.id)).toBe(4)

      const denied = yield* Effect.flip(comments.remove(first.id).pipe(as(carol)))
      expect(denied).toBeInstanceOf(PermissionDenied)
      expect((yield* comments.get(first.id)).isDeleted).toBe(false)

      yield* comments.remove(first.id).pipe(as(bob)) // the author
      yield* comments.remove(child.id).pipe(as(mod)) // a moderator of the channel
      const thread = yield* listed(post.id, "old")
      expect(thread.map((comment) => comment.id)).toEqual([first.id, child.id, grandchild.id, second.id])
      expect(thread.map((comment) => [comment.content, comment.isDeleted])).toEqual([
        ["", true],
        ["", true],
        ["Grandchild", false],
        ["Second", false]
      ])
      const deleted = yield* comments.get(child.id)
      expect([deleted.parentId, deleted.depth, deleted.authorId]).toEqual([first.id, 1, alice.id])
      expect(yield* commentCount(post.id)).toBe(2)

      // Deleting again is not found, and the count doesn't move.
      expect(yield* Effect.flip(comments.remove(first.id).pipe(as(bob)))).toEqual(new CommentNotFound({ id: first.id }))
      expect(yield* commentCount(post.id)).toBe(2)
      // A reply to a live comment under a deleted one still works.
      yield* reply(carol, post.id, "Still talking", grandchild)
      expect(yield* commentCount(post.id)).toBe(3)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("comment_count equals the live comments after many concurrent comments and deletions", () =>
    Effect.gen(function*() {
      const { bob, post } = yield* setUp
      const comments = yield* Comments
      const created = yield* Effect.forEach(Array.from({ length: 50 }, (_, i) => `c${i}`), (content) =>
        reply(bob, post.id, content), { concurrency: "unbounded" })
      expect(yield* commentCount(post.id)).toBe(50)
      yield* Effect.forEach(created.slice(0, 10), (comment) => comments.remove(comment.id).pipe(as(bob)), {
        concurrency: "unbounded",
        discard: true
      })
      const thread = yield* listed(post.id, "new")
      expect(thread.length).toBe(50)
      expect(yield* commentCount(post.id)).toBe(thread.filter((comment) => !comment.isDeleted).length)
      expect(yield* commentCount(post.id)).toBe(40)
    }).pipe(Effect.provide(DomainMemory.layer)))
})

describe("threadOrder and wilsonLowerBound", () => {
  const make = (id: string, parent: string | null, minute: number, up = 0, down = 0) =>
    new Comment({
      id: CommentId.make(id),
      postId: PostId.make("p"),
      parentId: parent === null ? null : CommentId.make(parent),
      authorId: UserId.make("u"),
      content: id,
      upvotes: up,
      downvotes: down,
      score: up - down,
      depth: 0,
      createdAt: DateTime.unsafeMake(minute * 60_000),
      updatedAt: DateTime.unsafeMake(minute * 60_000),
      isDeleted: false
    })

  it("wilsonLowerBound: 0 without votes, grows with upvotes, shrinks with downvotes, stays in [0, 1]", () => {
    expect(wilsonLowerBound(0, 0)).toBe(0)
    expect(wilsonLowerBound(1, 0)).toBeLessThan(wilsonLowerBound(10, 0))
    expect(wilsonLowerBound(10, 0)).toBeLessThan(wilsonLowerBound(100, 0))
    expect(wilsonLowerBound(10, 10)).toBeLessThan(wilsonLowerBound(10, 0))
    expect(wilsonLowerBound(0, 5)).toBeCloseTo(0, 10)
    // One upvote: the bound is exactly 1 / (1 + z²), z = 1.2816 (80% confidence).
    expect(wilsonLowerBound(1, 0)).toBeCloseTo(1 / (1 + 1.281551565545 ** 2), 12)
    expect(wilsonLowerBound(1, 0)).toBeCloseTo(0.378448, 5)
    for (const [up, down] of [[1, 0], [3, 7], [100, 0], [0, 100]] as const) {
      expect(wilsonLowerBound(up, down)).toBeGreaterThanOrEqual(-1e-12)
      expect(wilsonLowerBound(up, down)).toBeLessThan(1)
    }
  })

  it("threadOrder: empty in, empty out; siblings by the sort with ties by id; input order irrelevant", () => {
    expect(threadOrder([], "best")).toEqual([])
    const r1 = make("r1", null, 1, 1, 0)
    const r2 = make("r2", null, 1, 1, 0)
    const r1x = make("r1x", "r1", 2, 0, 3)
    const r1y = make("r1y", "r1", 3, 4, 0)
    const r1yz = make("r1yz", "r1y", 4)
    const input = [r1yz, r1x, r2, r1y, r1]
    expect(threadOrder(input, "top").map((c) => c.id)).toEqual(["r1", "r1y", "r1yz", "r1x", "r2"])
    expect(threadOrder(input, "best").map((c) => c.id)).toEqual(["r1", "r1y", "r1yz", "r1x", "r2"])
    expect(threadOrder(input, "old").map((c) => c.id)).toEqual(["r1", "r1x", "r1y", "r1yz", "r2"])
    // Newest first; equal times go by id, descending.
    expect(threadOrder(input, "new").map((c) => c.id)).toEqual(["r2", "r1", "r1y", "r1yz", "r1x"])
    expect(threadOrder([...input].reverse(), "old")).toEqual(threadOrder(input, "old"))
  })
})
