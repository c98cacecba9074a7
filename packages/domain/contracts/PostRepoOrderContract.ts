/**
 * PostRepo ranked lists, part of `postRepoContract`: the hot, top,
 * controversial and new orders, alone and with filters, the creation-time
 * bound, and ranks that move when votes are cast. Expected orders are worked
 * out by hand from the formulas in Ranking.ts, next to each test.
 */
import { expect, it } from "@effect/vitest"
import { type PostFilter, PostRepo, VoteRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { at, everything, ids, makePost, type RunFresh } from "./Fixtures.js"
import { agent, general, human, random, seed } from "./PostRepoFixtures.js"

/** Registers the tests in the enclosing `describe`; `run` gives each a fresh store. */
export const postRepoOrderContract = <E>(run: RunFresh<E>): void => {
  it.effect("hot, top, controversial and new orders, ties by id descending, alone and with filters", () =>
    run(Effect.gen(function*() {
      const repo = yield* PostRepo
      yield* seed
      // hot = sign(s) * log10(max(|s|, 1)) + seconds since 2005-12-08 / 45000; 750 minutes are
      // 45000 s, i.e. +1. Relative to a post made at(0) with s = 0:
      //   a: at(0),    s = 1000            -> 3 + 0   = 3
      //   b: at(750),  s = 10 (12 up 2 dn) -> 1 + 1   = 2
      //   c: at(1875), s = 0  (3 up 3 dn)  -> 0 + 2.5 = 2.5
      //   d: at(1500), s = -100            -> -2 + 2  = 0
      //   e, f: at(375), s = 1             -> 0 + 0.5 = 0.5 (equal ranks: f before e by id)
      // controversial = (up + down) ^ (min / max), 0 when a side has no votes:
      //   c: 6^1 = 6, b: 14^(2/12) = 1.55, a, d, e, f: 0 (so f, e, d, a by id).
      const a = makePost("a", general, human, { upvotes: 1000, score: 1000, createdAt: at(0) })
      const b = makePost("b", general, human, { upvotes: 12, downvotes: 2, score: 10, createdAt: at(750) })
      const c = makePost("c", general, human, { upvotes: 3, downvotes: 3, score: 0, createdAt: at(1875) })
      const d = makePost("d", random, agent, { downvotes: 100, score: -100, createdAt: at(1500) })
      const e = makePost("e", random, agent, { upvotes: 1, score: 1, createdAt: at(375) })
      const f = makePost("f", general, human, { upvotes: 1, score: 1, createdAt: at(375) })
      yield* Effect.forEach([d, b, f, a, e, c], repo.insert)

      const list = (filter: PostFilter, page = everything) => Effect.map(repo.list(filter, page), ids)
      expect(yield* list({ order: "hot" })).toEqual(ids([a, c, b, f, e, d]))
      expect(yield* list({ order: "top" })).toEqual(ids([a, b, f, e, c, d]))
      expect(yield* list({ order: "controversial" })).toEqual(ids([c, b, f, e, d, a]))
      expect(yield* list({ order: "new" })).toEqual(ids([c, d, b, f, e, a]))

      expect(yield* list({ order: "hot" }, { limit: 2, offset: 2 })).toEqual(ids([b, f]))
      expect(yield* list({ order: "hot", channelId: general.id })).toEqual(ids([a, c, b, f]))
      expect(yield* list({ order: "hot", authorType: "agent" })).toEqual(ids([e, d]))
      expect(yield* list({ order: "top", authorId: agent.id })).toEqual(ids([e, d]))
      expect(yield* list({ order: "top", channelId: general.id }, { limit: 2, offset: 1 })).toEqual(ids([b, f]))
      expect(yield* list({ order: "controversial", channelId: general.id })).toEqual(ids([c, b, f, a]))
      expect(yield* list({ order: "controversial", authorType: "human" }, { limit: 1, offset: 0 })).toEqual(
        ids([c])
      )
    })))

  it.effect("controversial: many votes evenly split first, one-sided posts last", () =>
    run(Effect.gen(function*() {
      const repo = yield* PostRepo
      yield* seed
      // (up + down) ^ (min / max):
      //   x2: 40/20 -> 60^0.5 = 7.75    x1: 3/3 -> 6^1 = 6       x3: 5/4 -> 9^0.8 = 5.80
      //   x7: 2/1 -> 3^0.5 = 1.73       x4: 100/1 -> 101^0.01 = 1.05
      //   x5: 0/50 and x6: 7/0 -> 0, ties by id: x6 then x5.
      const votes: ReadonlyArray<readonly [string, number, number]> = [
        ["x1", 3, 3],
        ["x2", 40, 20],
        ["x3", 5, 4],
        ["x4", 100, 1],
        ["x5", 0, 50],
        ["x6", 7, 0],
        ["x7", 2, 1]
      ]
      const posts = votes.map(([key, upvotes, downvotes]) =>
        makePost(key, general, human, { upvotes, downvotes, score: upvotes - downvotes, createdAt: at(1) })
      )
      yield* Effect.forEach(posts, repo.insert)
      const listed = yield* repo.list({ order: "controversial" }, everything)
      expect(ids(listed)).toEqual(["x2", "x1", "x3", "x7", "x4", "x6", "x5"].map((key) => `post-${key}`))
    })))

  it.effect("since keeps posts created at or after the instant, in every order", () =>
    run(Effect.gen(function*() {
      const repo = yield* PostRepo
      yield* seed
      const s0 = makePost("s0", general, human, { upvotes: 5, score: 5, createdAt: at(0) })
      const s10 = makePost("s10", random, agent, { upvotes: 1, score: 1, createdAt: at(10) })
      const s20 = makePost("s20", general, agent, { upvotes: 3, score: 3, createdAt: at(20) })
      yield* Effect.forEach([s0, s10, s20], repo.insert)

      const since = (order: PostFilter["order"], instant: number, filter: Omit<PostFilter, "order"> = {}) =>
        Effect.map(repo.list({ ...filter, order, since: instant }, everything), ids)
      const ten = at(10).epochMillis
      expect(yield* since("new", ten)).toEqual(ids([s20, s10]))
      expect(yield* since("top", ten)).toEqual(ids([s20, s10]))
      // Without the bound, s0 (score 5) leads the top list.
      expect(ids(yield* repo.list({ order: "top" }, everything))).toEqual(ids([s0, s20, s10]))
      // hot: log10(3) + 20 min beats 0 + 10 min.
      expect(yield* since("hot", ten)).toEqual(ids([s20, s10]))
      expect(yield* since("controversial", ten)).toEqual(ids([s20, s10]))
      expect(yield* since("top", ten, { channelId: general.id })).toEqual(ids([s20]))
      expect(yield* since("new", ten, { authorId: agent.id })).toEqual(ids([s20, s10]))
      expect(yield* since("top", at(0).epochMillis)).toEqual(ids([s0, s20, s10]))
      expect(yield* since("new", at(20).epochMillis + 1)).toEqual([])
    })))

  it.effect("votes move the stored ranks: the hot and controversial lists reorder", () =>
    run(Effect.gen(function*() {
      const repo = yield* PostRepo
      const votes = yield* VoteRepo
      yield* seed
      const p1 = makePost("p1", general, human, { createdAt: at(0) })
      const p2 = makePost("p2", general, human, { createdAt: at(10) })
      yield* Effect.forEach([p1, p2], repo.insert)
      const order = (filter: PostFilter) => Effect.map(repo.list(filter, everything), ids)

      // No votes: the newer post is hotter (10 min = +0.013); controversy 0 for both, so by id.
      expect(yield* order({ order: "hot" })).toEqual(ids([p2, p1]))
      expect(yield* order({ order: "controversial" })).toEqual(ids([p2, p1]))

      // p1 at s = 2: log10(2) = 0.30 beats the 10 minutes.
      yield* votes.votePost(p1.id, human.id, 1)
      yield* votes.votePost(p1.id, agent.id, 1)
      expect(yield* order({ order: "hot" })).toEqual(ids([p1, p2]))
      expect(yield* order({ order: "top" })).toEqual(ids([p1, p2]))
      expect(yield* order({ order: "hot", channelId: general.id })).toEqual(ids([p1, p2]))

      // One up, one down: s = 0 (hot back behind p2), controversy 2^1 = 2 (ahead of p2's 0).
      yield* votes.votePost(p1.id, agent.id, -1)
      expect(yield* order({ order: "hot" })).toEqual(ids([p2, p1]))
      expect(yield* order({ order: "controversial" })).toEqual(ids([p1, p2]))

      // The down vote taken back: s = 1 (log10 1 = 0) and one-sided again.
      yield* votes.votePost(p1.id, agent.id, 0)
      expect(yield* order({ order: "hot" })).toEqual(ids([p2, p1]))
      expect(yield* order({ order: "controversial" })).toEqual(ids([p2, p1]))
      expect(yield* order({ order: "top" })).toEqual(ids([p1, p2]))
    })))
}
