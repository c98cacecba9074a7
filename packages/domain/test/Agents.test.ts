/**
 * Agents use case on the in-memory domain, registration: anonymous, by a
 * human owner or by another agent, the API key it hands out (which
 * authenticates through Accounts), and its abuse limits (per client address
 * and per owner). What comes after registration is in
 * AgentsManagement.test.ts. Each test builds its own domain layer.
 */
import { addEqualityTesters, assert, describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted, TestClock } from "effect"
import { Accounts } from "../src/Accounts.js"
import { agentAsUser } from "../src/Agent.js"
import { AgentLimits, Agents, type RequestOrigin } from "../src/Agents.js"
import {
  AgentLimitReached,
  AgentNotFound,
  PermissionDenied,
  RateLimited,
  Unauthenticated,
  UsernameTaken
} from "../src/Errors.js"
import * as RateLimitPolicy from "../src/RateLimitPolicy.js"
import { RateLimits, RateLimitSettings } from "../src/RateLimits.js"
import { DomainMemory } from "../src/testing.js"
import { authenticate, everything, register, usernames } from "./AgentsFixtures.js"
import { as, signUp } from "./UseCaseFixtures.js"

addEqualityTesters()

const elsewhere: RequestOrigin = { clientAddress: "203.0.113.9" }

/** Accounts and Agents over fresh in-memory ports, with the given limits (else the defaults, limits on). */
const domainWith = (limits: { readonly maxAgentsPerOwner?: number; readonly registrationsPerHour?: number }) =>
  Layer.mergeAll(Accounts.Default, Agents.Default).pipe(
    Layer.provide(Layer.succeed(AgentLimits, { maxAgentsPerOwner: limits.maxAgentsPerOwner ?? 25 })),
    Layer.provide(RateLimits.Default.pipe(Layer.provide(Layer.succeed(RateLimitSettings, {
      ...RateLimitPolicy.defaultSettings,
      rates: {
        ...RateLimitPolicy.defaultRates,
        REGISTER: RateLimitPolicy.rate(limits.registrationsPerHour ?? 10, "1 hour")
      }
    })))),
    Layer.provideMerge(DomainMemory.layerPorts)
  )

describe("Agents", () => {
  it.effect("anonymous registration: no owner, an hn_ key that authenticates as an agent user", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      yield* TestClock.adjust("3 minutes")
      const { agent, apiKey } = yield* register({
        username: "Scout",
        display_name: "  Scout  ",
        description: "Finds papers",
        persona: "Curious"
      })
      expect(agent.username).toBe("Scout")
      expect([agent.displayName, agent.description, agent.persona, agent.bio]).toEqual([
        "Scout",
        "Finds papers",
        "Curious",
        null
      ])
      expect([agent.ownerId, agent.isHosted, agent.userType, agent.karma]).toEqual([null, false, "agent", 0])
      expect(agent.createdAt.epochMillis).toBe(3 * 60_000)
      expect(Redacted.value(apiKey).startsWith("hn_")).toBe(true)
      expect(Redacted.value(apiKey).length).toBeGreaterThan("hn_".length)

      const user = yield* authenticate(apiKey)
      expect(user).toEqual(agentAsUser(agent))
      expect(user.userType).toBe("agent")
      expect(yield* agents.profile("scout")).toEqual(agent)
      expect(yield* agents.me.pipe(as(user))).toEqual(agent)
      expect(usernames(yield* agents.list("new", everything))).toEqual(["Scout"])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("each registration gets its own key; a made-up hn_ key does not authenticate", () =>
    Effect.gen(function*() {
      const first = yield* register({ username: "first_bot" })
      const second = yield* register({ username: "second_bot" })
      expect(Redacted.value(first.apiKey)).not.toBe(Redacted.value(second.apiKey))
      expect((yield* authenticate(second.apiKey)).id).toBe(second.agent.id)
      const forged = yield* Effect.flip(authenticate(Redacted.make("hn_not-a-real-key")))
      expect(forged).toEqual(new Unauthenticated({ reason: "Invalid API key" }))
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("registration by a human makes the human the owner; by an agent, nobody", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const alice = yield* signUp("alice")
      const owned = yield* register({ username: "alices_bot" }).pipe(as(alice))
      expect(owned.agent.ownerId).toBe(alice.id)
      expect(yield* agents.mine(everything).pipe(as(alice))).toEqual([owned.agent])

      const parent = yield* authenticate(owned.apiKey)
      const child = yield* register({ username: "child_bot" }).pipe(as(parent))
      expect(child.agent.ownerId).toBeNull()
      // Only humans own agents, so only humans may ask for theirs.
      expect(yield* Effect.flip(agents.mine(everything).pipe(as(parent)))).toEqual(
        new PermissionDenied({ reason: "Human-only endpoint" })
      )
      expect(yield* agents.mine(everything).pipe(as(alice))).toEqual([owned.agent])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("a username taken by a human, in any case, is UsernameTaken and nothing is stored", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const accounts = yield* Accounts
      const human = yield* signUp("Taken_Name")
      const error = yield* Effect.flip(register({ username: "taken_NAME" }))
      expect(error).toEqual(new UsernameTaken({ username: "taken_NAME" }))
      expect(yield* agents.list("new", everything)).toEqual([])
      expect(yield* Effect.flip(agents.profile("taken_name"))).toEqual(new AgentNotFound({ username: "taken_name" }))
      expect(yield* accounts.profile("taken_name")).toEqual(human)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("registrations per client address are limited per hour; refused ones store nothing", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const accounts = yield* Accounts
      yield* register({ username: "bot_one" })
      yield* register({ username: "bot_two" })
      const refused = yield* Effect.flip(register({ username: "bot_three" }))
      assert.instanceOf(refused, RateLimited)
      expect(refused.retryAfterSeconds).toBeGreaterThan(0)
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(3600)
      expect(yield* Effect.flip(accounts.profile("bot_three"))).toMatchObject({ _tag: "UserNotFound" })
      expect(usernames(yield* agents.list("new", everything))).toHaveLength(2)

      // Another address has its own budget.
      yield* register({ username: "bot_four" }, elsewhere)

      // A new window opens after an hour.
      yield* TestClock.adjust("1 hour")
      const later = yield* register({ username: "bot_three" })
      expect(later.agent.username).toBe("bot_three")
      expect((yield* authenticate(later.apiKey)).id).toBe(later.agent.id)
      expect((yield* agents.list("new", everything)).length).toBe(4)
    }).pipe(Effect.provide(domainWith({ registrationsPerHour: 2 }))))

  it.effect("the default limit is the REGISTER class: 10 anonymous registrations per address per hour", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 10; i++) yield* register({ username: `bot_${i}` })
      expect(yield* Effect.flip(register({ username: "bot_10" }))).toBeInstanceOf(RateLimited)
      yield* register({ username: "bot_10" }, elsewhere)
    }).pipe(Effect.provide(domainWith({}))))

  it.effect("an owner past maxAgentsPerOwner gets AgentLimitReached and nothing is stored", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      // Ids made in the same millisecond are not ordered, so the clock moves between registrations.
      yield* register({ username: "alice_1" }).pipe(as(alice))
      yield* TestClock.adjust("1 minute")
      yield* register({ username: "alice_2" }).pipe(as(alice))
      yield* TestClock.adjust("1 minute")
      const refused = yield* Effect.flip(register({ username: "alice_3" }).pipe(as(alice)))
      expect(refused).toEqual(new AgentLimitReached({ limit: 2 }))
      expect(yield* Effect.flip(agents.profile("alice_3"))).toEqual(new AgentNotFound({ username: "alice_3" }))
      expect(usernames(yield* agents.mine(everything).pipe(as(alice)))).toEqual(["alice_1", "alice_2"])

      // Other owners and anonymous registrations are not affected.
      yield* register({ username: "bob_1" }).pipe(as(bob))
      yield* register({ username: "alice_3" })
      expect((yield* agents.profile("alice_3")).ownerId).toBeNull()

      // Deactivating one frees a place.
      yield* agents.deactivate("alice_1").pipe(as(alice))
      yield* TestClock.adjust("1 minute")
      yield* register({ username: "alice_4" }).pipe(as(alice))
      expect(usernames(yield* agents.mine(everything).pipe(as(alice)))).toEqual(["alice_2", "alice_4"])
    }).pipe(Effect.provide(domainWith({ maxAgentsPerOwner: 2, registrationsPerHour: 100 }))))
})
