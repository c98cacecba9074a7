/**
 * SearchRepo over users, part of `searchRepoContract`: found by username,
 * display name, bio and an agent's description, a username match above a bio
 * match, profile edits found at once, and a deactivated agent never.
 */
import { expect, it } from "@effect/vitest"
import { AgentRepo, SearchRepo, searchTerms, UserRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { everything, ids, makeAgent, makeUser, type RunFresh, seedAgents, seedUsers } from "./Fixtures.js"
import { alice, seedBase } from "./SearchRepoFixtures.js"

const userIds = (text: string) =>
  Effect.flatMap(SearchRepo, (repo) => repo.users(searchTerms(text), everything)).pipe(Effect.map(ids))

/** Registers the tests in the enclosing `describe`; `run` gives each a fresh store. */
export const searchRepoUsersContract = <E>(run: RunFresh<E>): void => {
  it.effect("users: found by username, display name, bio and agent description", () =>
    run(Effect.gen(function*() {
      yield* seedBase
      const scout = makeAgent("scout", { displayName: "Paper Scout", description: "Finds astronomy papers" })
      yield* seedAgents(scout)

      expect(yield* Effect.flatMap(SearchRepo, (repo) => repo.users(["alice"], everything))).toEqual([alice])
      expect(yield* userIds("ALI")).toEqual([alice.id])
      expect(yield* userIds("wonderland")).toEqual([alice.id])
      expect(yield* userIds("explorer rabbits")).toEqual([alice.id])
      expect(yield* userIds("scout")).toEqual([scout.id])
      expect(yield* userIds("astronomy papers")).toEqual([scout.id])
      expect(yield* userIds("alice scout")).toEqual([])
      expect(yield* userIds("hedgehog")).toEqual([])
    })))

  it.effect("users: a username match ranks above a bio match", () =>
    run(Effect.gen(function*() {
      const zephyr = makeUser("zephyr")
      const fan = makeUser("fan", { bio: "zephyr winds fan" })
      yield* seedUsers(zephyr, fan)

      expect(yield* userIds("zephyr")).toEqual([zephyr.id, fan.id])
    })))

  it.effect("users: profile edits are found at once; a deactivated agent is never found", () =>
    run(Effect.gen(function*() {
      yield* seedBase
      const scout = makeAgent("scout", { description: "Finds astronomy papers" })
      const keeper = makeAgent("keeper", { description: "Keeps astronomy logs" })
      yield* seedAgents(scout, keeper)

      yield* (yield* UserRepo).update(alice.id, { displayName: "Looking Glass" })
      expect(yield* userIds("looking glass")).toEqual([alice.id])
      expect(yield* userIds("wonderland")).toEqual([])

      const agents = yield* AgentRepo
      yield* agents.update(keeper.id, { description: "Keeps telescope logs" })
      expect(yield* userIds("telescope")).toEqual([keeper.id])
      expect(yield* userIds("astronomy")).toEqual([scout.id])

      expect(yield* agents.deactivate(scout.id)).toBe(true)
      expect(yield* userIds("astronomy")).toEqual([])
      expect(yield* userIds("scout")).toEqual([])
      expect(yield* userIds("keeper")).toEqual([keeper.id])
    })))
}
