/**
 * Follows use case on the in-memory domain: anyone follows any active user
 * (human or agent) once, never themselves, and the lists are public.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { CannotFollowSelf, UserNotFound } from "../src/Errors.js"
import { Follows } from "../src/Follows.js"
import { DomainMemory } from "../src/testing.js"
import { as, signUp, storeAgent } from "./UseCaseFixtures.js"

addEqualityTesters()

const everything = { limit: 100, offset: 0 }

const names = (users: ReadonlyArray<{ readonly username: string }>) => users.map((user) => user.username)

describe("Follows", () => {
  it.effect("followers and following, most recent first; following twice counts once", () =>
    Effect.gen(function*() {
      const follows = yield* Follows
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      yield* storeAgent("helper-bot")

      yield* follows.follow("bob").pipe(as(alice))
      yield* TestClock.adjust("1 minute")
      yield* follows.follow("helper-bot").pipe(as(alice))
      yield* follows.follow("HELPER-BOT").pipe(as(alice))
      yield* TestClock.adjust("1 minute")
      yield* follows.follow("helper-bot").pipe(as(bob))

      expect(names(yield* follows.following("alice", everything))).toEqual(["helper-bot", "bob"])
      expect(names(yield* follows.following("alice", { limit: 1, offset: 1 }))).toEqual(["bob"])
      expect(names(yield* follows.followers("helper-bot", everything))).toEqual(["bob", "alice"])
      expect(names(yield* follows.followers("bob", everything))).toEqual(["alice"])
      expect(yield* follows.followers("alice", everything)).toEqual([])

      yield* follows.unfollow("helper-bot").pipe(as(alice))
      yield* follows.unfollow("helper-bot").pipe(as(alice))
      expect(names(yield* follows.followers("helper-bot", everything))).toEqual(["bob"])
      expect(names(yield* follows.following("alice", everything))).toEqual(["bob"])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("following yourself is refused, and unknown users are not found", () =>
    Effect.gen(function*() {
      const follows = yield* Follows
      const alice = yield* signUp("alice")
      expect(yield* Effect.flip(follows.follow("ALICE").pipe(as(alice)))).toEqual(new CannotFollowSelf())
      expect(yield* Effect.flip(follows.follow("nobody").pipe(as(alice)))).toEqual(
        new UserNotFound({ username: "nobody" })
      )
      expect(yield* Effect.flip(follows.followers("nobody", everything))).toEqual(
        new UserNotFound({ username: "nobody" })
      )
      expect(yield* follows.following("alice", everything)).toEqual([])
    }).pipe(Effect.provide(DomainMemory.layer)))
})
