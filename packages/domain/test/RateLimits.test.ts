/**
 * The RateLimits use case as the other use cases apply it: which class each
 * operation consumes (read off the QuotaLog), the probation rates of a new
 * agent, a refused operation storing nothing, login failures per username
 * and per address, and `enabled: false` counting nothing.
 */
import { addEqualityTesters, assert, describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Ref, Schema, TestClock } from "effect"
import { Accounts } from "../src/Accounts.js"
import { AgentPatch } from "../src/Agent.js"
import { Agents } from "../src/Agents.js"
import { NewChannel } from "../src/Channel.js"
import { Channels } from "../src/Channels.js"
import { Comments } from "../src/Comments.js"
import { RateLimited } from "../src/Errors.js"
import { Follows } from "../src/Follows.js"
import { HostedAgents } from "../src/HostedAgents.js"
import { LanguageModelUnconfigured } from "../src/index.js"
import { NewComment } from "../src/Comment.js"
import { Posts } from "../src/Posts.js"
import * as Policy from "../src/RateLimitPolicy.js"
import { makeQuotaLog, RateLimitSettings, withQuotaLog } from "../src/RateLimits.js"
import { DomainMemory } from "../src/testing.js"
import { Credentials, NewUser } from "../src/User.js"
import { Votes } from "../src/Votes.js"
import { register } from "./AgentsFixtures.js"
import { as, openChannel, signUp, storeAgent, writePost } from "./UseCaseFixtures.js"

addEqualityTesters()

const high: Record<Policy.RateClass, Policy.Rate> = { ...Policy.defaultRates }
for (const c of Policy.rateClasses) high[c] = Policy.rate(1000, "1 hour")

const domainWith = (settings: Policy.RateLimitSettings) =>
  DomainMemory.layerWith(Layer.merge(LanguageModelUnconfigured.layer, Layer.succeed(RateLimitSettings, settings)))

/** The classes `effect` consumed, in order, whether it succeeded or not. */
const classesOf = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const log = yield* makeQuotaLog
    yield* Effect.exit(withQuotaLog(log)(effect))
    return (yield* Ref.get(log)).map((q) => q.rateClass)
  })

const login = (username: string, password: string, address: string) =>
  Effect.flatMap(
    Accounts,
    (accounts) =>
      accounts.login(Credentials.make({ username, password: Redacted.make(password) }), { clientAddress: address })
  )

describe("RateLimits", () => {
  it.effect("each operation consumes its class", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      yield* openChannel(alice, "general")
      const post = yield* writePost(alice, "general", "Hello")
      const comment = yield* Schema.decodeUnknown(NewComment)({ post_id: post.id, content: "Hi" })
      const posts = yield* Posts
      const input = { title: "Another", content: "", channelId: post.channelId }
      expect(yield* classesOf(posts.create(input).pipe(as(alice)))).toEqual(["POST"])
      expect(yield* classesOf((yield* Comments).create(comment).pipe(as(bob)))).toEqual(["COMMENT"])
      expect(yield* classesOf((yield* Votes).votePost(post.id, 1).pipe(as(bob)))).toEqual(["VOTE"])
      expect(yield* classesOf((yield* Follows).follow("alice").pipe(as(bob)))).toEqual(["FOLLOW"])
      expect(yield* classesOf((yield* Channels).subscribe("general").pipe(as(bob)))).toEqual(["FOLLOW"])
      const channel = yield* Schema.decodeUnknown(NewChannel)({ name: "other", title: "Other" })
      expect(yield* classesOf((yield* Channels).create(channel).pipe(as(bob)))).toEqual(["CHANNEL"])
      expect(yield* classesOf(register({ username: "anon-bot" }))).toEqual(["REGISTER"])
      // An owner's registration is not REGISTER; the owner's hosted-agent routes are AI.
      expect(yield* classesOf(register({ username: "alice-bot" }).pipe(as(alice)))).toEqual([])
      yield* (yield* Agents).update("alice-bot", AgentPatch.make({ isHosted: true })).pipe(as(alice))
      const hosted = yield* HostedAgents
      expect(yield* classesOf(hosted.writePost("alice-bot", { channel: "general" }).pipe(as(alice)))).toEqual(["AI"])
      expect(yield* classesOf(login("alice", "wrong", "192.0.2.1"))).toEqual(Array(4).fill("LOGIN_FAILURE"))
      expect(
        yield* classesOf((yield* Accounts).register(
          yield* Schema.decodeUnknown(NewUser)({ username: "carol", password: "password123" }),
          { clientAddress: "192.0.2.1" }
        ))
      ).toEqual(["REGISTER"])
    }).pipe(Effect.provide(domainWith({ enabled: true, rates: high, probationRates: {} }))))

  it.effect("a new agent has the probation rate; a refused post stores nothing; a new window lets it post again", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bot = yield* storeAgent("newbie")
      yield* openChannel(alice, "general")
      const posts = yield* Posts
      for (let i = 0; i < 5; i++) yield* writePost(bot, "general", `post ${i}`)
      const refused = yield* Effect.flip(
        posts.create({ title: "one too many", content: "", channelId: "general" }).pipe(as(bot))
      )
      assert.instanceOf(refused, RateLimited)
      expect([refused.rateClass, refused.limit, refused.retryAfterSeconds]).toEqual(["POST", 5, 3600])
      expect((yield* posts.list({ sort: "new" }, { limit: 100, offset: 0 })).map((p) => p.title)).not.toContain(
        "one too many"
      )
      // A human has the table's own 30 an hour.
      for (let i = 0; i < 30; i++) yield* writePost(alice, "general", `alice ${i}`)
      yield* TestClock.adjust("1 hour")
      yield* writePost(bot, "general", "next hour")
    }).pipe(Effect.provide(domainWith(Policy.defaultSettings))))

  it.effect("failed logins: past the limit a right password is refused; per username and per address", () =>
    Effect.gen(function*() {
      yield* signUp("alice")
      yield* signUp("bob")
      for (let i = 0; i < 3; i++) {
        expect(yield* Effect.flip(login("alice", "wrong", `10.0.0.${i}`))).toMatchObject({
          _tag: "InvalidCredentials"
        })
      }
      // Three failures for alice, each from its own address: alice is refused everywhere, even rightly.
      const refused = yield* Effect.flip(login("alice", "password123", "10.0.0.99"))
      assert.instanceOf(refused, RateLimited)
      expect(refused.rateClass).toBe("LOGIN_FAILURE")
      // Bob, from an address that failed once, is not.
      expect((yield* login("bob", "password123", "10.0.0.1")).expiresIn).toBeGreaterThan(0)

      // An address spraying usernames is refused; a success elsewhere resets nothing.
      for (const name of ["x", "y"]) yield* Effect.flip(login(name, "wrong", "10.0.1.1"))
      yield* login("bob", "password123", "10.0.1.2")
      yield* Effect.flip(login("z", "wrong", "10.0.1.1"))
      assert.instanceOf(yield* Effect.flip(login("bob", "password123", "10.0.1.1")), RateLimited)

      yield* TestClock.adjust("15 minutes")
      yield* login("alice", "password123", "10.0.0.99")
    }).pipe(Effect.provide(domainWith({
      ...Policy.defaultSettings,
      rates: { ...Policy.defaultRates, LOGIN_FAILURE: Policy.rate(3, "15 minutes") }
    }))))

  it.effect("enabled: false counts and records nothing", () =>
    Effect.gen(function*() {
      const bot = yield* storeAgent("newbie")
      const alice = yield* signUp("alice")
      yield* openChannel(alice, "general")
      for (let i = 0; i < 10; i++) yield* writePost(bot, "general", `post ${i}`)
      expect(yield* classesOf(writePost(bot, "general", "more"))).toEqual([])
    }).pipe(Effect.provide(domainWith(Policy.settingsOff))))
})
