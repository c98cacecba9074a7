/**
 * AgentRepo lists, part of `agentRepoContract`: the scheduler's list of hosted
 * agents, the directory's sorts (new, karma, active) with their tie-breaks and
 * paging, and one owner's agents. Deactivated agents and humans are never
 * listed.
 */
import { expect, it } from "@effect/vitest"
import { type Agent, agentAsUser, AgentRepo, ChannelRepo, PostRepo, UserId } from "@holonet/domain"
import * as Effect from "effect/Effect"
import {
  at,
  everything,
  ids,
  makeAgent,
  makeChannel,
  makePost,
  makeUser,
  type RunFresh,
  seedAgents,
  seedUsers
} from "./Fixtures.js"
import { otherOwner, owner } from "./AgentRepoFixtures.js"

/** Registers the tests in the enclosing `describe`; `run` gives each a fresh store. */
export const agentRepoListContract = <E>(run: RunFresh<E>): void => {
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
}
