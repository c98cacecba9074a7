/**
 * The behaviour every AgentRepo adapter must have. Here: registration (agents
 * stored with every field, one username namespace with humans, the per-owner
 * cap checked in the same atomic step as the insert); what may happen to an
 * agent afterwards (key rotation, deactivation that hides the agent but keeps
 * its user row, patches) is in AgentRepoLifecycleContract.ts and the
 * directory's lists in AgentRepoListContract.ts, both run inside this suite.
 * Each test gets a fresh, empty store.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { Agent, agentAsUser, AgentLimitReached, AgentRepo, UserId, Username, UserRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import {
  at,
  digestOf,
  everything,
  fresh,
  ids,
  makeAgent,
  makeUser,
  type RepositoriesLayer,
  seedUsers
} from "./Fixtures.js"
import { otherOwner, owner, usernameTaken } from "./AgentRepoFixtures.js"
import { agentRepoLifecycleContract } from "./AgentRepoLifecycleContract.js"
import { agentRepoListContract } from "./AgentRepoListContract.js"

export const agentRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  addEqualityTesters()
  const run = fresh(layer)

  describe(`AgentRepo contract: ${name}`, () => {
    it.effect("insert then find round-trips every field, by id, username (any case) and key digest", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        yield* seedUsers(owner)
        const full = makeAgent("full", {
          username: Username.make("Full_Agent"),
          displayName: "Full Agent",
          bio: "A bio",
          karma: 17,
          createdAt: at(42),
          description: "Summarises papers",
          persona: "Terse, cites sources",
          ownerId: owner.id,
          isHosted: true,
          scheduleMinutes: 45
        })
        const bare = makeAgent("bare", { createdAt: at(43) })
        yield* repo.insert(full, "digest-full", 5)
        yield* repo.insert(bare, "digest-bare", 5)

        const found = yield* Effect.flatten(repo.findById(full.id))
        expect(found).toEqual(full)
        expect([found.displayName, found.bio, found.karma, found.createdAt.epochMillis]).toEqual([
          "Full Agent",
          "A bio",
          17,
          at(42).epochMillis
        ])
        expect([found.description, found.persona, found.ownerId, found.isHosted, found.userType]).toEqual([
          "Summarises papers",
          "Terse, cites sources",
          owner.id,
          true,
          "agent"
        ])
        expect(yield* repo.findById(bare.id)).toEqual(Option.some(bare))
        expect(Option.map(yield* repo.findById(bare.id), (a) => [a.ownerId, a.isHosted, a.description])).toEqual(
          Option.some([null, false, null])
        )

        expect(yield* repo.findByUsername("full_agent")).toEqual(Option.some(full))
        expect(yield* repo.findByUsername("FULL_AGENT")).toEqual(Option.some(full))
        expect(yield* repo.findByKeyDigest("digest-full")).toEqual(
          Option.some({ agent: full, keyDigest: "digest-full" })
        )
        expect(yield* repo.findByKeyDigest("digest-bare")).toEqual(
          Option.some({ agent: bare, keyDigest: "digest-bare" })
        )
        expect(yield* repo.findByKeyDigest("digest-unknown")).toEqual(Option.none())
        expect(yield* repo.findById(UserId.make("agent-nobody"))).toEqual(Option.none())

        // The agent is a user too: same account, an agent's type, no password.
        const users = yield* UserRepo
        expect(yield* users.findById(full.id)).toEqual(Option.some(agentAsUser(full)))
        expect(yield* users.findByUsername("full_agent")).toEqual(Option.some(agentAsUser(full)))
        expect(yield* users.findCredentials("full_agent")).toEqual(Option.none())
      })))

    it.effect("humans are not agents: AgentRepo never returns a human", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        yield* seedUsers(owner)
        expect(yield* repo.findById(owner.id)).toEqual(Option.none())
        expect(yield* repo.findByUsername(owner.username)).toEqual(Option.none())
        expect(yield* repo.list("new", everything)).toEqual([])
        expect(yield* repo.update(owner.id, { displayName: "Hijacked" })).toEqual(Option.none())
        expect(yield* repo.replaceKey(owner.id, "digest-human")).toBe(false)
        expect(yield* repo.findByKeyDigest("digest-human")).toEqual(Option.none())
        expect(yield* repo.deactivate(owner.id)).toBe(false)
        expect(yield* (yield* UserRepo).findById(owner.id)).toEqual(Option.some(owner))
      })))

    it.effect("an agent-type user stored through UserRepo is an active agent without a key", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        const plain = makeUser("plainbot", { userType: "agent", displayName: "Plain", createdAt: at(3) })
        yield* seedUsers(plain)
        const expected = new Agent({
          ...plain,
          description: null,
          persona: null,
          ownerId: null,
          isHosted: false,
          scheduleMinutes: null
        })
        expect(yield* repo.findById(plain.id)).toEqual(Option.some(expected))
        expect(ids(yield* repo.list("new", everything))).toEqual([plain.id])
        expect(yield* repo.replaceKey(plain.id, "digest-plain")).toBe(true)
        expect(yield* repo.findByKeyDigest("digest-plain")).toEqual(
          Option.some({ agent: expected, keyDigest: "digest-plain" })
        )
      })))

    it.effect("a username taken by a human or an agent, in any case, fails with UsernameTaken and stores nothing", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        const users = yield* UserRepo
        const human = makeUser("alice", { username: Username.make("Alice") })
        yield* seedUsers(human)
        const first = makeAgent("first", { username: Username.make("Bot_One") })
        yield* repo.insert(first, "digest-first", 5)

        const likeHuman = makeAgent("likehuman", { username: Username.make("aLICE") })
        expect(yield* Effect.flip(repo.insert(likeHuman, "digest-likehuman", 5))).toEqual(usernameTaken("aLICE"))
        const likeAgent = makeAgent("likeagent", { username: Username.make("bot_ONE") })
        expect(yield* Effect.flip(repo.insert(likeAgent, "digest-likeagent", 5))).toEqual(usernameTaken("bot_ONE"))

        for (const clash of [likeHuman, likeAgent]) {
          expect(yield* repo.findById(clash.id)).toEqual(Option.none())
          expect(yield* users.findById(clash.id)).toEqual(Option.none())
        }
        expect(yield* repo.findByKeyDigest("digest-likehuman")).toEqual(Option.none())
        expect(yield* repo.findByKeyDigest("digest-likeagent")).toEqual(Option.none())
        expect(yield* users.findByUsername("alice")).toEqual(Option.some(human))
        expect(yield* repo.findByUsername("bot_one")).toEqual(Option.some(first))
        expect(ids(yield* repo.list("new", everything))).toEqual([first.id])
        // And the other way round: a human can't take an agent's name.
        expect(yield* Effect.flip(users.insert(makeUser("human2", { username: Username.make("BOT_one") }), "h")))
          .toEqual(usernameTaken("BOT_one"))
      })))

    it.effect("an owner may have at most maxPerOwner active agents; refused inserts store nothing", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        const users = yield* UserRepo
        yield* seedUsers(owner, otherOwner)
        const a1 = makeAgent("a1", { ownerId: owner.id, createdAt: at(1) })
        const a2 = makeAgent("a2", { ownerId: owner.id, createdAt: at(2) })
        const a3 = makeAgent("a3", { ownerId: owner.id, createdAt: at(3) })
        yield* repo.insert(a1, digestOf(a1), 2)
        yield* repo.insert(a2, digestOf(a2), 2)

        expect(yield* Effect.flip(repo.insert(a3, digestOf(a3), 2))).toEqual(new AgentLimitReached({ limit: 2 }))
        expect(yield* repo.findById(a3.id)).toEqual(Option.none())
        expect(yield* users.findByUsername(a3.username)).toEqual(Option.none())
        expect(yield* repo.findByKeyDigest(digestOf(a3))).toEqual(Option.none())
        expect(ids(yield* repo.listByOwner(owner.id, everything))).toEqual([a1.id, a2.id])
        expect(ids(yield* repo.list("new", everything))).toEqual([a2.id, a1.id])

        // The cap is per owner: someone else's first agent is fine.
        const theirs = makeAgent("theirs", { ownerId: otherOwner.id })
        yield* repo.insert(theirs, digestOf(theirs), 2)
        // A taken name is reported as such even when the cap is reached too.
        const clash = makeAgent("clash", { username: a1.username, ownerId: owner.id })
        expect(yield* Effect.flip(repo.insert(clash, "digest-clash", 2))).toEqual(usernameTaken(a1.username))

        // Deactivated agents don't count.
        expect(yield* repo.deactivate(a1.id)).toBe(true)
        yield* repo.insert(a3, digestOf(a3), 2)
        expect(ids(yield* repo.listByOwner(owner.id, everything))).toEqual([a2.id, a3.id])
        expect(yield* repo.findByKeyDigest(digestOf(a3))).toEqual(Option.some({ agent: a3, keyDigest: digestOf(a3) }))
      })))

    it.effect("unowned agents are never capped, and a cap of 0 refuses every owned agent", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        yield* seedUsers(owner)
        const free = ["f1", "f2", "f3"].map((key) => makeAgent(key))
        for (const agent of free) yield* repo.insert(agent, digestOf(agent), 0)
        expect(ids(yield* repo.list("new", everything)).length).toBe(3)

        const owned = makeAgent("owned", { ownerId: owner.id })
        expect(yield* Effect.flip(repo.insert(owned, digestOf(owned), 0))).toEqual(new AgentLimitReached({ limit: 0 }))
        expect(yield* repo.findById(owned.id)).toEqual(Option.none())
      })))

    it.effect("concurrent registrations for one owner can't pass the cap", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        yield* seedUsers(owner)
        const attempts = Array.from({ length: 6 }, (_, i) => makeAgent(`race${i}`, { ownerId: owner.id }))
        const results = yield* Effect.forEach(
          attempts,
          (agent) => Effect.either(repo.insert(agent, digestOf(agent), 2)),
          { concurrency: "unbounded" }
        )
        expect(results.filter(Either.isRight).length).toBe(2)
        expect(results.filter(Either.isLeft).map((result) => result.left)).toEqual(
          Array.from({ length: 4 }, () => new AgentLimitReached({ limit: 2 }))
        )
        expect((yield* repo.listByOwner(owner.id, everything)).length).toBe(2)
        expect((yield* repo.list("new", everything)).length).toBe(2)
      })))

    agentRepoLifecycleContract(run)
    agentRepoListContract(run)
  })
}
