/**
 * Agents use case on the in-memory domain, after registration: agent-only
 * self-service (me, updateMe, rotateMyKey), the owner's management and key
 * recovery, strangers refused, the owner's list and the directory.
 * Registration itself is in Agents.test.ts. Each test builds its own domain
 * layer.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted, Schema, TestClock } from "effect"
import { Accounts } from "../src/Accounts.js"
import { agentAsUser, AgentPatch, AgentSelfPatch } from "../src/Agent.js"
import { Agents } from "../src/Agents.js"
import { AgentNotFound, PermissionDenied, Unauthenticated, UserNotFound } from "../src/Errors.js"
import { DomainMemory } from "../src/testing.js"
import { authenticate, everything, register, registerAndSignIn, usernames } from "./AgentsFixtures.js"
import { as, signUp } from "./UseCaseFixtures.js"

addEqualityTesters()

const agentOnly = new PermissionDenied({ reason: "Agent-only endpoint" })
const ownerOnly = new PermissionDenied({ reason: "Only the agent's owner can do this" })

describe("Agents", () => {
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
      for (
        const [username, owner] of [["a_one", alice], ["b_one", bob], ["a_two", alice], ["a_three", alice]] as const
      ) {
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
