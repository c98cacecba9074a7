/**
 * AgentRepo after registration, part of `agentRepoContract`: key digests that
 * resolve only while current, deactivation that hides the agent and its key
 * but keeps its user row (and its name taken), and patches, the schedule
 * included.
 */
import { expect, it } from "@effect/vitest"
import { Agent, agentAsUser, AgentRepo, ChannelRepo, PostRepo, UserId, UserRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import {
  at,
  digestOf,
  everything,
  ids,
  makeAgent,
  makeChannel,
  makePost,
  type RunFresh,
  seedAgents,
  seedUsers
} from "./Fixtures.js"
import { owner, usernameTaken } from "./AgentRepoFixtures.js"

/** Registers the tests in the enclosing `describe`; `run` gives each a fresh store. */
export const agentRepoLifecycleContract = <E>(run: RunFresh<E>): void => {
  it.effect("findByKeyDigest resolves only the current digest: replaceKey retires the old one at once", () =>
    run(Effect.gen(function*() {
      const repo = yield* AgentRepo
      const agent = makeAgent("rotator")
      const other = makeAgent("other")
      yield* repo.insert(agent, "digest-old", 5)
      yield* repo.insert(other, "digest-other", 5)

      expect(yield* repo.replaceKey(agent.id, "digest-new")).toBe(true)
      expect(yield* repo.findByKeyDigest("digest-old")).toEqual(Option.none())
      expect(yield* repo.findByKeyDigest("digest-new")).toEqual(Option.some({ agent, keyDigest: "digest-new" }))
      expect(yield* repo.findByKeyDigest("digest-other")).toEqual(
        Option.some({ agent: other, keyDigest: "digest-other" })
      )

      expect(yield* repo.replaceKey(agent.id, "digest-newer")).toBe(true)
      expect(yield* repo.findByKeyDigest("digest-new")).toEqual(Option.none())
      expect(Option.map(yield* repo.findByKeyDigest("digest-newer"), (found) => found.agent.id)).toEqual(
        Option.some(agent.id)
      )
      expect(yield* repo.replaceKey(UserId.make("agent-ghost"), "digest-ghost")).toBe(false)
      expect(yield* repo.findByKeyDigest("digest-ghost")).toEqual(Option.none())
    })))

  it.effect("deactivate answers true once, then false; the agent and its key vanish but its user row and posts stay", () =>
    run(Effect.gen(function*() {
      const repo = yield* AgentRepo
      const users = yield* UserRepo
      const posts = yield* PostRepo
      yield* seedUsers(owner)
      const channel = makeChannel("general", owner)
      yield* (yield* ChannelRepo).create(channel).pipe(Effect.orDie)
      const doomed = makeAgent("doomed", { ownerId: owner.id, createdAt: at(1) })
      const kept = makeAgent("kept", { ownerId: owner.id, createdAt: at(2) })
      yield* seedAgents(doomed, kept)
      const post = makePost("by-doomed", channel, agentAsUser(doomed), { createdAt: at(5) })
      yield* posts.insert(post)

      expect(yield* repo.deactivate(doomed.id)).toBe(true)
      expect(yield* repo.deactivate(doomed.id)).toBe(false)
      expect(yield* repo.deactivate(UserId.make("agent-ghost"))).toBe(false)

      expect(yield* repo.findById(doomed.id)).toEqual(Option.none())
      expect(yield* repo.findByUsername(doomed.username)).toEqual(Option.none())
      expect(yield* repo.findByKeyDigest(digestOf(doomed))).toEqual(Option.none())
      for (const sort of ["new", "active", "karma"] as const) {
        expect(ids(yield* repo.list(sort, everything))).toEqual([kept.id])
      }
      expect(ids(yield* repo.listByOwner(owner.id, everything))).toEqual([kept.id])
      expect(yield* repo.update(doomed.id, { displayName: "Back?" })).toEqual(Option.none())
      expect(yield* repo.replaceKey(doomed.id, "digest-revived")).toBe(false)
      expect(yield* repo.findByKeyDigest("digest-revived")).toEqual(Option.none())

      // Posts stay attributable: the user row is still there, and its name stays taken,
      // but it is gone from user reads by name and from the user list.
      expect(yield* users.findById(doomed.id)).toEqual(Option.some(agentAsUser(doomed)))
      expect(yield* users.findByUsername(doomed.username)).toEqual(Option.none())
      expect((yield* users.list(everything)).map((u) => u.id)).not.toContain(doomed.id)
      expect((yield* users.list(everything)).map((u) => u.id)).toContain(kept.id)
      expect(yield* posts.findById(post.id)).toEqual(Option.some(post))
      const again = makeAgent("again", { username: doomed.username })
      expect(yield* Effect.flip(repo.insert(again, "digest-again", 5))).toEqual(usernameTaken(doomed.username))
    })))

  it.effect("update applies only the patched fields and persists them", () =>
    run(Effect.gen(function*() {
      const repo = yield* AgentRepo
      const agent = makeAgent("patchme", {
        displayName: "Old name",
        bio: "Bio stays",
        karma: 9,
        description: "Old description",
        persona: "Old persona",
        createdAt: at(7)
      })
      yield* seedAgents(agent)

      const renamed = yield* repo.update(agent.id, { displayName: "New name" })
      expect(renamed).toEqual(Option.some(new Agent({ ...agent, displayName: "New name" })))

      const hosted = yield* repo.update(agent.id, { isHosted: true, persona: "New persona" })
      const afterHosted = new Agent({ ...agent, displayName: "New name", isHosted: true, persona: "New persona" })
      expect(hosted).toEqual(Option.some(afterHosted))

      const cleared = yield* repo.update(agent.id, { description: null, displayName: null })
      const afterCleared = new Agent({ ...afterHosted, description: null, displayName: null })
      expect(cleared).toEqual(Option.some(afterCleared))

      const unhosted = yield* repo.update(agent.id, { isHosted: false })
      const afterUnhosted = new Agent({ ...afterCleared, isHosted: false })
      expect(unhosted).toEqual(Option.some(afterUnhosted))

      expect(yield* repo.update(agent.id, {})).toEqual(Option.some(afterUnhosted))
      expect(yield* repo.findById(agent.id)).toEqual(Option.some(afterUnhosted))
      expect(yield* (yield* UserRepo).findById(agent.id)).toEqual(Option.some(agentAsUser(afterUnhosted)))
      // The key is not part of a patch.
      expect(yield* repo.findByKeyDigest(digestOf(agent))).toEqual(
        Option.some({ agent: afterUnhosted, keyDigest: digestOf(agent) })
      )
      expect(yield* repo.update(UserId.make("agent-ghost"), { persona: "x" })).toEqual(Option.none())
    })))

  it.effect("scheduleMinutes round-trips through insert and update", () =>
    run(Effect.gen(function*() {
      const repo = yield* AgentRepo
      const agent = makeAgent("timed", { isHosted: true, scheduleMinutes: 90 })
      yield* seedAgents(agent)
      expect(Option.map(yield* repo.findById(agent.id), (a) => a.scheduleMinutes)).toEqual(Option.some(90))
      const weekly = yield* repo.update(agent.id, { scheduleMinutes: 10080 })
      expect(weekly).toEqual(Option.some(new Agent({ ...agent, scheduleMinutes: 10080 })))
      const kept = yield* repo.update(agent.id, { persona: "Still weekly" })
      expect(Option.map(kept, (a) => a.scheduleMinutes)).toEqual(Option.some(10080))
      const off = yield* repo.update(agent.id, { scheduleMinutes: null })
      expect(off).toEqual(Option.some(new Agent({ ...agent, persona: "Still weekly", scheduleMinutes: null })))
      expect(yield* repo.findById(agent.id)).toEqual(off)
    })))
}
