/**
 * Comment thread order: on the in-memory domain, a multi-level tree listed in
 * every sort with replies right after their parent, and pagination of the
 * flattened thread; then the pure helpers behind the order, threadOrder and
 * wilsonLowerBound.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { DateTime, Effect } from "effect"
import { Comment, type CommentSort } from "../src/Comment.js"
import { CommentId, PostId, UserId } from "../src/Ids.js"
import { DomainMemory } from "../src/testing.js"
import { threadOrder, wilsonLowerBound } from "../src/Thread.js"
import type { VoteValue } from "../src/Vote.js"
import { Votes } from "../src/Votes.js"
import { commentCount, contents, listed, reply, setUp } from "./CommentsFixtures.js"
import { as, signUp } from "./UseCaseFixtures.js"

addEqualityTesters()

describe("Comments", () => {
  it.effect("thread order on a four-level tree for every sort, children right after their parent", () =>
    Effect.gen(function*() {
      const { alice, bob, post } = yield* setUp
      const voters = yield* Effect.forEach(
        ["voter1", "voter2", "voter3", "voter4", "voter5", "voter6", "voter7"],
        signUp
      )
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
