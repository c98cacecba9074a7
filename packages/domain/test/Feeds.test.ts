/**
 * Post sorts and the home feed on the in-memory domain, with the TestClock
 * setting creation times and real votes setting scores, so every expected
 * order below can be worked out by hand from the formulas in API.md.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { Channels } from "../src/Channels.js"
import { Follows } from "../src/Follows.js"
import type { Page } from "../src/Page.js"
import type { Post } from "../src/Post.js"
import { Posts } from "../src/Posts.js"
import type { FeedSort, PostSort, TopWindow } from "../src/Ranking.js"
import { DomainMemory } from "../src/testing.js"
import type { User } from "../src/User.js"
import { Votes } from "../src/Votes.js"
import { as, openChannel, signUp, writePost } from "./UseCaseFixtures.js"

addEqualityTesters()

const everything: Page = { limit: 100, offset: 0 }

const write = (author: User, title: string, channel: string) => writePost(author, channel, title)

/** `up` of the voters vote +1 and the next `down` vote -1. */
const vote = (post: Post, voters: ReadonlyArray<User>, up: number, down: number) =>
  Effect.gen(function*() {
    const votes = yield* Votes
    for (const [i, voter] of voters.slice(0, up + down).entries()) {
      yield* votes.votePost(post.id, i < up ? 1 : -1).pipe(as(voter))
    }
  }).pipe(Effect.orDie)

const titles = (posts: ReadonlyArray<Post>) => posts.map((post) => post.title)

const listed = (sort: PostSort, t?: TopWindow) =>
  Effect.flatMap(Posts, (posts) => posts.list(t === undefined ? { sort } : { sort, t }, everything)).pipe(
    Effect.map(titles),
    Effect.orDie
  )

/**
 * alice writes five posts over 30 hours (A at 0 h, B at 10 h, C at 20 h,
 * E at 25 h, D at 30 h, so ids rise in that order) and six others vote:
 *   A +5/-0 (score 5)  B +3/-3 (0)  C +1/-0 (1)  E +4/-2 (2)  D +0/-2 (-2)
 * hot = sign(s)·log10(max(|s|,1)) + hours·3600/45000:
 *   A 0.699  B 0.8  C 1.6  E 0.301+2.0 = 2.301  D −0.301+2.4 = 2.099
 * controversial: B 6^1 = 6, E 6^0.5 = 2.449, the rest 0 (ties by id desc).
 */
const fivePosts = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const voters = [
    yield* signUp("voter1"),
    yield* signUp("voter2"),
    yield* signUp("voter3"),
    yield* signUp("voter4"),
    yield* signUp("voter5"),
    yield* signUp("voter6")
  ]
  yield* openChannel(alice, "general")
  const at = (title: string, hours: number, up: number, down: number) =>
    Effect.gen(function*() {
      yield* TestClock.setTime(hours * 3_600_000)
      yield* vote(yield* write(alice, title, "general"), voters, up, down)
    })
  yield* at("A", 0, 5, 0)
  yield* at("B", 10, 3, 3)
  yield* at("C", 20, 1, 0)
  yield* at("E", 25, 4, 2)
  yield* at("D", 30, 0, 2)
  yield* TestClock.setTime(30 * 3_600_000 + 60_000)
})

describe("Post sorts", () => {
  it.effect("new, top, hot, rising and controversial order the same posts as the formulas say", () =>
    Effect.gen(function*() {
      yield* fivePosts
      expect(yield* listed("new")).toEqual(["D", "E", "C", "B", "A"])
      expect(yield* listed("top")).toEqual(["A", "E", "C", "B", "D"])
      expect(yield* listed("hot")).toEqual(["E", "D", "C", "B", "A"])
      // Only C (20 h), E (25 h) and D (30 h) are younger than 12 hours at 30 h 1 min.
      expect(yield* listed("rising")).toEqual(["E", "D", "C"])
      expect(yield* listed("controversial")).toEqual(["B", "E", "D", "C", "A"])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("top with t keeps only posts younger than the window", () =>
    Effect.gen(function*() {
      yield* fivePosts
      expect(yield* listed("top", "all")).toEqual(["A", "E", "C", "B", "D"])
      expect(yield* listed("top", "year")).toEqual(["A", "E", "C", "B", "D"])
      // The day before 30 h 1 min starts at 6 h 1 min: A (0 h) is out.
      expect(yield* listed("top", "day")).toEqual(["E", "C", "B", "D"])
      expect(yield* listed("top", "hour")).toEqual(["D"])
      yield* TestClock.adjust("2 hours")
      expect(yield* listed("top", "hour")).toEqual([])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("a vote moves a post in hot and top at once", () =>
    Effect.gen(function*() {
      yield* fivePosts
      const posts = yield* Posts
      const [b] = (yield* posts.list({ sort: "new" }, everything)).filter((post) => post.title === "B")
      expect(b).toBeDefined()
      if (b === undefined) return
      // Eight more upvotes: B's score 8 gives 0.903 + 0.8 = 1.703, past C (1.6) but not D (2.099).
      const voters = yield* Effect.forEach(["a", "b", "c", "d", "e", "f", "g", "h"], (k) => signUp(`late_${k}`))
      yield* vote(b, voters, 8, 0)
      expect(yield* listed("hot")).toEqual(["E", "D", "B", "C", "A"])
      expect(yield* listed("top")).toEqual(["B", "A", "E", "C", "D"])
    }).pipe(Effect.provide(DomainMemory.layer)))
})

describe("Home feed", () => {
  const feedOf = (reader: User, sort: FeedSort = "new", page: Page = everything) =>
    Effect.flatMap(Posts, (posts) => posts.feed(sort, undefined, page)).pipe(
      Effect.map(titles),
      as(reader),
      Effect.orDie
    )

  it.effect("holds exactly the posts of subscribed channels and followed users", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      const carol = yield* signUp("carol")
      const dave = yield* signUp("dave")
      const erin = yield* signUp("erin")
      yield* openChannel(alice, "general")
      yield* openChannel(bob, "random")
      yield* openChannel(bob, "quiet")
      yield* (yield* Channels).subscribe("general").pipe(as(carol))
      yield* (yield* Follows).follow("dave").pipe(as(carol))

      yield* write(alice, "alice in general", "general")
      yield* TestClock.adjust("1 minute")
      yield* write(bob, "bob in random", "random")
      yield* TestClock.adjust("1 minute")
      yield* write(dave, "dave in quiet", "quiet")
      yield* TestClock.adjust("1 minute")
      yield* write(bob, "bob in general", "general")
      yield* TestClock.adjust("1 minute")
      yield* write(erin, "erin in random", "random")
      yield* TestClock.adjust("1 minute")
      yield* write(dave, "dave in general", "general")

      expect(yield* feedOf(carol)).toEqual(["dave in general", "bob in general", "dave in quiet", "alice in general"])
      expect(yield* feedOf(carol, "new", { limit: 2, offset: 1 })).toEqual(["bob in general", "dave in quiet"])
      // Nobody sees a feed they did not build: erin follows no one and subscribes to nothing.
      expect(yield* feedOf(erin)).toEqual([])

      yield* (yield* Follows).unfollow("dave").pipe(as(carol))
      expect(yield* feedOf(carol)).toEqual(["dave in general", "bob in general", "alice in general"])
      yield* (yield* Channels).unsubscribe("general").pipe(as(carol))
      expect(yield* feedOf(carol)).toEqual([])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("honours the post sorts", () =>
    Effect.gen(function*() {
      yield* fivePosts
      const reader = yield* signUp("reader")
      yield* (yield* Channels).subscribe("general").pipe(as(reader))
      expect(yield* feedOf(reader, "hot")).toEqual(["E", "D", "C", "B", "A"])
      expect(yield* feedOf(reader, "top")).toEqual(["A", "E", "C", "B", "D"])
      expect(yield* feedOf(reader, "rising")).toEqual(["E", "D", "C"])
    }).pipe(Effect.provide(DomainMemory.layer)))
})
