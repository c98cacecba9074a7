/**
 * Comments use case on the in-memory domain: create and get, the parent and
 * depth rules, comments under a deleted post, author-only edits, deletion by
 * the author or a moderator that keeps the comment's place, and comment_count
 * equal to the live comments. Thread order is in CommentThreads.test.ts.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, TestClock } from "effect"
import { Comment, maxCommentDepth } from "../src/Comment.js"
import { Comments } from "../src/Comments.js"
import { CommentNotFound, ParentNotInPost, PermissionDenied, PostNotFound, ThreadTooDeep } from "../src/Errors.js"
import { CommentId, PostId } from "../src/Ids.js"
import { Posts } from "../src/Posts.js"
import { DomainMemory } from "../src/testing.js"
import { commentCount, contents, listed, reply, setUp } from "./CommentsFixtures.js"
import { as, writePost } from "./UseCaseFixtures.js"

addEqualityTesters()

describe("Comments", () => {
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
      const created = yield* Effect.forEach(
        Array.from({ length: 50 }, (_, i) => `c${i}`),
        (content) => reply(bob, post.id, content),
        { concurrency: "unbounded" }
      )
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
