/**
 * Agents use case on the in-memory domain: registration (anonymous, by a
 * human owner, by another agent), its abuse limits, API keys that
 * authenticate through Accounts, agent-only self-service, and the owner's
 * management and key recovery. Each test builds its own domain layer.
 */
import { addEqualityTesters, assert, describe, expect, it } from "@effect/vitest"
import { type Context, Effect, Layer, Option, Redacted, Schema, TestClock } from "effect"
import { Accounts } from "../src/Accounts.js"
import { type Agent, agentAsUser, AgentPatch, AgentSelfPatch, NewAgent } from "../src/Agent.js"
import { AgentLimits, Agents, type RequestOrigin } from "../src/Agents.js"
import {
  AgentLimitReached,
  AgentNotFound,
  PermissionDenied,
  RateLimited,
  Unauthenticated,
  UsernameTaken,
  UserNotFound
} from "../src/Errors.js"
import type { Page } from "../src/Page.js"
import { DomainMemory } from "../src/testing.js"
import type { User } from "../src/User.js"
import { as, signUp } from "./UseCaseFixtures.js"

addEqualityTesters()

const everything: Page = { limit: 100, offset: 0 }
const home: RequestOrigin = { clientAddress: "198.51.100.7" }
const elsewhere: RequestOrigin = { clientAddress: "203.0.113.9" }

const agentOnly = new PermissionDenied({ reason: "Agent-only endpoint" })
const ownerOnly = new PermissionDenied({ reason: "Only the agent's owner can do this" })

/** Accounts and Agents over fresh in-memory ports, with the given registration limits. */
const domainWith = (limits: Partial<Context.Tag.Service<AgentLimits>>) =>
  Layer.mergeAll(Accounts.Default, Agents.Default).pipe(
    Layer.provide(Layer.succeed(AgentLimits, { registrationsPerHour: 10, maxAgentsPerOwner: 25, ...limits })),
    Layer.provideMerge(DomainMemory.layerPorts)
  )

/** Decodes `raw` as the API would, then registers from `origin`. */
const register = (raw: unknown, origin: RequestOrigin = home) =>
  Effect.gen(function*() {
    const agents = yield* Agents
    return yield* agents.register(yield* Schema.decodeUnknown(NewAgent)(raw), origin)
  })

const authenticate = (key: Redacted.Redacted<string>) => Effect.flatMap(Accounts, (accounts) => accounts.authenticate(key))

/** Registers an agent and signs in with its key, for tests about what comes after. */
const registerAndSignIn = (username: string, owner: Option.Option<User> = Option.none()) =>
  Effect.gen(function*() {
    const registration = Option.match(owner, {
      onNone: () => register({ username }),
      onSome: (user) => register({ username }).pipe(as(user))
    })
    const { agent, apiKey } = yield* registration
    const user = yield* authenticate(apiKey)
    return { agent, apiKey, user }
  }).pipe(Effect.orDie)

const usernames = (agents: ReadonlyArray<Agent>) => agents.map((agent) => agent.username)

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

  it.effect("the default limit is AgentLimits.Default: 10 registrations per address per hour", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 10; i++) yield* register({ username: `bot_${i}` })
      expect(yield* Effect.flip(register({ username: "bot_10" }))).toBeInstanceOf(RateLimited)
      yield* register({ username: "bot_10" }, elsewhere)
    }).pipe(Effect.provide(DomainMemory.layer)))

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

  it.effect("me, updateMe and rotateMyKey are agent-only: a human gets PermissionDenied", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const alice = yield* signUp("alice")
      yield* registerAndSignIn("alices_bot", Option.some(alice))
      expect(yield* Effect.flip(agents.me.pipe(as(alice)))).toEqual(agentOnly)
      expect(yield* Effect.flip(agents.updateMe({ description: "hijack" }).pipe(as(alice)))).toEqual(agentOnly)
      expect(yield* Effect.flip(agents.rotateMyKey.pipe(as(alice)))).toEqual(agentOnly)
      expect((yield* agents.profile("alices_bot")).description).toBeNull()
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("updateMe changes only the agent's own patched fields", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const { agent, user } = yield* registerAndSignIn("selfie")
      const patch = yield* Schema.decodeUnknown(AgentSelfPatch)({ display_name: "  Selfie  ", persona: "Cheerful" })
      const updated = yield* agents.updateMe(patch).pipe(as(user))
      expect([updated.displayName, updated.persona, updated.description]).toEqual(["Selfie", "Cheerful", null])
      expect(updated.id).toBe(agent.id)
      expect(yield* agents.profile("selfie")).toEqual(updated)
      expect(yield* agents.me.pipe(as(user))).toEqual(updated)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("rotateMyKey: the old key stops working at once, the new one works", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const { agent, apiKey, user } = yield* registerAndSignIn("rotator")
      const fresh = yield* agents.rotateMyKey.pipe(as(user))
      expect(Redacted.value(fresh).startsWith("hn_")).toBe(true)
      expect(Redacted.value(fresh)).not.toBe(Redacted.value(apiKey))
      expect(yield* Effect.flip(authenticate(apiKey))).toEqual(new Unauthenticated({ reason: "Invalid API key" }))
      expect(yield* authenticate(fresh)).toEqual(agentAsUser(agent))
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("the owner can rotate the key, update (is_hosted included) and deactivate", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const accounts = yield* Accounts
      const alice = yield* signUp("alice")
      const { agent, apiKey } = yield* registerAndSignIn("managed", Option.some(alice))

      const recovered = yield* agents.rotateKey("MANAGED").pipe(as(alice))
      expect(yield* Effect.flip(authenticate(apiKey))).toBeInstanceOf(Unauthenticated)
      expect((yield* authenticate(recovered)).id).toBe(agent.id)

      const patch = yield* Schema.decodeUnknown(AgentPatch)({ is_hosted: true, persona: "Dry wit" })
      const updated = yield* agents.update("managed", patch).pipe(as(alice))
      expect([updated.isHosted, updated.persona, updated.displayName]).toEqual([true, "Dry wit", null])
      expect(yield* agents.profile("managed")).toEqual(updated)

      yield* agents.deactivate("managed").pipe(as(alice))
      expect(yield* Effect.flip(authenticate(recovered))).toEqual(new Unauthenticated({ reason: "Invalid API key" }))
      expect(yield* Effect.flip(agents.profile("managed"))).toEqual(new AgentNotFound({ username: "managed" }))
      expect(yield* agents.mine(everything).pipe(as(alice))).toEqual([])
      expect(yield* agents.list("new", everything)).toEqual([])
      // The profile is gone too; the row stays only so its posts keep their author.
      expect(yield* Effect.flip(accounts.profile("managed"))).toEqual(new UserNotFound({ username: "managed" }))
      // Deactivating twice: there is no active agent by that name any more.
      expect(yield* Effect.flip(agents.deactivate("managed").pipe(as(alice)))).toEqual(
        new AgentNotFound({ username: "managed" })
      )
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("a stranger, human or agent, can't manage someone else's agent, and nothing changes", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const alice = yield* signUp("alice")
      const mallory = yield* signUp("mallory")
      const { agent, apiKey } = yield* registerAndSignIn("guarded", Option.some(alice))
      const rogue = (yield* registerAndSignIn("rogue_bot")).user
      const unowned = yield* registerAndSignIn("free_bot")

      for (const stranger of [mallory, rogue]) {
        expect(yield* Effect.flip(agents.rotateKey("guarded").pipe(as(stranger)))).toEqual(ownerOnly)
        expect(yield* Effect.flip(agents.update("guarded", { isHosted: true }).pipe(as(stranger)))).toEqual(ownerOnly)
        expect(yield* Effect.flip(agents.deactivate("guarded").pipe(as(stranger)))).toEqual(ownerOnly)
      }
      // An agent has no owner to act for it: nobody manages an unowned agent.
      expect(yield* Effect.flip(agents.update("free_bot", { persona: "x" }).pipe(as(alice)))).toEqual(ownerOnly)
      expect(yield* Effect.flip(agents.deactivate("free_bot").pipe(as(unowned.user)))).toEqual(ownerOnly)

      expect(yield* agents.profile("guarded")).toEqual(agent)
      expect(yield* authenticate(apiKey)).toEqual(agentAsUser(agent))
      expect(yield* authenticate(unowned.apiKey)).toEqual(agentAsUser(unowned.agent))
      expect(yield* agents.mine(everything).pipe(as(alice))).toEqual([agent])
      expect(yield* agents.mine(everything).pipe(as(mallory))).toEqual([])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("managing an agent that does not exist is AgentNotFound", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const alice = yield* signUp("alice")
      expect(yield* Effect.flip(agents.rotateKey("ghost").pipe(as(alice)))).toEqual(
        new AgentNotFound({ username: "ghost" })
      )
      // A human's name is not an agent's.
      expect(yield* Effect.flip(agents.update("alice", {}).pipe(as(alice)))).toEqual(
        new AgentNotFound({ username: "alice" })
      )
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("mine lists only the caller's active agents, oldest first", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      for (const [username, owner] of [["a_one", alice], ["b_one", bob], ["a_two", alice], ["a_three", alice]] as const) {
        yield* TestClock.adjust("1 minute")
        yield* register({ username }).pipe(as(owner))
      }
      yield* register({ username: "nobodys" })
      yield* agents.deactivate("a_two").pipe(as(alice))

      expect(usernames(yield* agents.mine(everything).pipe(as(alice)))).toEqual(["a_one", "a_three"])
      expect(usernames(yield* agents.mine({ limit: 1, offset: 1 }).pipe(as(alice)))).toEqual(["a_three"])
      expect(usernames(yield* agents.mine(everything).pipe(as(bob)))).toEqual(["b_one"])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("the directory lists active agents in the requested order", () =>
    Effect.gen(function*() {
      const agents = yield* Agents
      for (const username of ["oldest", "middle", "newest"]) {
        yield* TestClock.adjust("1 minute")
        yield* register({ username })
      }
      expect(usernames(yield* agents.list("new", everything))).toEqual(["newest", "middle", "oldest"])
      expect(usernames(yield* agents.list("new", { limit: 1, offset: 1 }))).toEqual(["middle"])
    }).pipe(Effect.provide(DomainMemory.layer)))
})
