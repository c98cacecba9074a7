/**
 * The behaviour every AgentRepo adapter must have: agents stored with every
 * field, one username namespace with humans, the per-owner cap checked in the
 * same atomic step as the insert, key digests that resolve only while
 * current, deactivation that hides the agent but keeps its user row, and the
 * directory's sorts. Each test gets a fresh, empty store.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import {
  Agent,
  agentAsUser,
  AgentLimitReached,
  AgentRepo,
  ChannelRepo,
  PostRepo,
  UserId,
  Username,
  UsernameTaken,
  UserRepo
} from "@holonet/domain"
import { Effect, Either, Option } from "effect"
import {
  at,
  digestOf,
  fresh,
  ids,
  makeAgent,
  makeChannel,
  makePost,
  makeUser,
  type RepositoriesLayer,
  seedAgents,
  seedUsers
} from "./Fixtures.js"

const owner = makeUser("owner")
const otherOwner = makeUser("other")
const everything = { limit: 100, offset: 0 }

const usernameTaken = (username: string) => new UsernameTaken({ username })

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
        const expected = new Agent({ ...plain, description: null, persona: null, ownerId: null, isHosted: false, scheduleMinutes: null })
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

    it.effect("listScheduled lists active hosted agents with a schedule, by id", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        const b = makeAgent("b", { isHosted: true, scheduleMinutes: 5 })
        const a = makeAgent("a", { isHosted: true, scheduleMinutes: 60, ownerId: owner.id })
        const unhosted = makeAgent("unhosted", { isHosted: false, scheduleMinutes: 5 })
        const unscheduled = makeAgent("unscheduled", { isHosted: true })
        const gone = makeAgent("gone", { isHosted: true, scheduleMinutes: 5 })
        yield* seedUsers(owner)
        yield* seedAgents(b, a, unhosted, unscheduled, gone)
        yield* repo.deactivate(gone.id)
        expect(yield* repo.listScheduled).toEqual([a, b])

        yield* repo.update(a.id, { isHosted: false })
        yield* repo.update(unscheduled.id, { scheduleMinutes: 30 })
        expect((yield* repo.listScheduled).map((agent) => agent.id)).toEqual([b.id, unscheduled.id])
      })))

    it.effect("list new is newest first, ties by id descending, and pages; humans are not listed", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        yield* seedUsers(makeUser("human", { createdAt: at(10) }))
        const a = makeAgent("a", { createdAt: at(1) })
        const b = makeAgent("b", { createdAt: at(2) })
        const c = makeAgent("c", { createdAt: at(2) })
        const d = makeAgent("d", { createdAt: at(3) })
        yield* seedAgents(c, a, d, b)

        const all = yield* repo.list("new", everything)
        expect(ids(all)).toEqual([d.id, c.id, b.id, a.id])
        expect(all[1]).toEqual(c)
        expect(ids(yield* repo.list("new", { limit: 2, offset: 0 }))).toEqual([d.id, c.id])
        expect(ids(yield* repo.list("new", { limit: 2, offset: 1 }))).toEqual([c.id, b.id])
        expect(ids(yield* repo.list("new", { limit: 2, offset: 3 }))).toEqual([a.id])
        expect(yield* repo.list("new", { limit: 2, offset: 4 })).toEqual([])
      })))

    it.effect("list karma is highest first, ties by id ascending in code-unit order, and pages", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        const low = makeAgent("low", { karma: -3 })
        const zero = makeAgent("zero", { karma: 0 })
        const tieLower = makeAgent("a", { karma: 5 })
        const tieUpper = makeAgent("B", { karma: 5 })
        const top = makeAgent("top", { karma: 50 })
        yield* seedAgents(low, tieLower, top, zero, tieUpper)

        // "agent-B" sorts before "agent-a" by code unit (a locale compare would say otherwise).
        expect(ids(yield* repo.list("karma", everything))).toEqual([top.id, tieUpper.id, tieLower.id, zero.id, low.id])
        expect(ids(yield* repo.list("karma", { limit: 2, offset: 1 }))).toEqual([tieUpper.id, tieLower.id])
        expect(ids(yield* repo.list("karma", { limit: 10, offset: 4 }))).toEqual([low.id])
      })))

    it.effect("list active follows posts stored through PostRepo; agents that never posted come last", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        const posts = yield* PostRepo
        const human = makeUser("human")
        yield* seedUsers(human)
        const channel = makeChannel("general", human)
        yield* (yield* ChannelRepo).create(channel).pipe(Effect.orDie)
        const [a, b, c, d, e] = [makeAgent("a"), makeAgent("b"), makeAgent("c"), makeAgent("d"), makeAgent("e")]
        yield* seedAgents(e, d, c, b, a)
        const postBy = (key: string, agent: Agent, minutes: number) =>
          posts.insert(makePost(key, channel, agentAsUser(agent), { createdAt: at(minutes), updatedAt: at(minutes) }))

        // Nobody has posted: everyone ties, so id decides.
        expect(ids(yield* repo.list("active", everything))).toEqual([a.id, b.id, c.id, d.id, e.id])

        yield* postBy("c1", c, 5)
        yield* postBy("a1", a, 5)
        yield* postBy("b1", b, 3)
        yield* posts.insert(makePost("h1", channel, human, { createdAt: at(99) }))
        expect(ids(yield* repo.list("active", everything))).toEqual([a.id, c.id, b.id, d.id, e.id])

        yield* postBy("b2", b, 10)
        expect(ids(yield* repo.list("active", everything))).toEqual([b.id, a.id, c.id, d.id, e.id])
        expect(ids(yield* repo.list("active", { limit: 2, offset: 2 }))).toEqual([c.id, d.id])
        expect(ids(yield* repo.list("active", { limit: 2, offset: 4 }))).toEqual([e.id])
        // The human who posted last is not in the agent directory.
        expect((yield* repo.list("active", everything)).map((agent) => agent.userType)).toEqual(
          Array.from({ length: 5 }, () => "agent")
        )
      })))

    it.effect("listByOwner lists one owner's active agents, oldest first, ties by id, paged", () =>
      run(Effect.gen(function*() {
        const repo = yield* AgentRepo
        yield* seedUsers(owner, otherOwner)
        const first = makeAgent("first", { ownerId: owner.id, createdAt: at(1) })
        const tieB = makeAgent("tie_b", { ownerId: owner.id, createdAt: at(2) })
        const tieA = makeAgent("tie_a", { ownerId: owner.id, createdAt: at(2) })
        const last = makeAgent("last", { ownerId: owner.id, createdAt: at(3) })
        const theirs = makeAgent("theirs", { ownerId: otherOwner.id, createdAt: at(0) })
        const unowned = makeAgent("unowned", { createdAt: at(0) })
        yield* seedAgents(last, tieB, theirs, first, unowned, tieA)

        expect(ids(yield* repo.listByOwner(owner.id, everything))).toEqual([first.id, tieA.id, tieB.id, last.id])
        expect(ids(yield* repo.listByOwner(owner.id, { limit: 2, offset: 1 }))).toEqual([tieA.id, tieB.id])
        expect(yield* repo.listByOwner(otherOwner.id, everything)).toEqual([theirs])
        expect(yield* repo.listByOwner(UserId.make("user-nobody"), everything)).toEqual([])
      })))
  })
}
