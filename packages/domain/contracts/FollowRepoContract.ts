/**
 * The behaviour every FollowRepo adapter must have: following is idempotent
 * and a new follow (only a new one) records one `followed` outbox event;
 * unfollowing removes the follow; both lists are most recent follow first,
 * ties by user id descending, paged, and leave deactivated agents out.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { AgentRepo, FollowRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import {
  at,
  everything,
  fresh,
  ids,
  makeAgent,
  makeUser,
  pendingEntries,
  type RepositoriesLayer,
  seedAgents,
  seedUsers
} from "./Fixtures.js"

const ann = makeUser("ann")
const ben = makeUser("ben")
const cat = makeUser("cat")
const dan = makeUser("dan")
const eve = makeUser("eve")

const events = pendingEntries(100).pipe(
  Effect.map((entries) => entries.map((entry) => [entry.event, entry.createdAt] as const))
)

export const followRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  addEqualityTesters()
  const run = fresh(layer)

  describe(`FollowRepo contract: ${name}`, () => {
    it.effect("follow is idempotent: true once, then false, and one outbox event", () =>
      run(Effect.gen(function*() {
        const repo = yield* FollowRepo
        yield* seedUsers(ann, ben)
        expect(yield* repo.follow(ann.id, ben.id, at(1))).toBe(true)
        expect(yield* repo.follow(ann.id, ben.id, at(2))).toBe(false)
        expect(yield* events).toEqual([
          [{ kind: "followed", followerId: ann.id, followeeId: ben.id }, at(1).epochMillis]
        ])
        expect(ids(yield* repo.followers(ben.id, everything))).toEqual([ann.id])
        expect(ids(yield* repo.following(ann.id, everything))).toEqual([ben.id])
        // Following is one-way.
        expect(yield* repo.followers(ann.id, everything)).toEqual([])
        expect(yield* repo.following(ben.id, everything)).toEqual([])
      })))

    it.effect("the same follow at once from many fibers is stored and recorded once", () =>
      run(Effect.gen(function*() {
        const repo = yield* FollowRepo
        yield* seedUsers(ann, ben)
        const answers = yield* Effect.forEach(
          Array.from({ length: 10 }, (_, i) => at(i)),
          (instant) => repo.follow(ann.id, ben.id, instant),
          { concurrency: "unbounded" }
        )
        expect(answers.filter((created) => created).length).toBe(1)
        expect((yield* events).length).toBe(1)
        expect(ids(yield* repo.followers(ben.id, everything))).toEqual([ann.id])
      })))

    it.effect("unfollow removes the follow; following again is a new follow with a new event", () =>
      run(Effect.gen(function*() {
        const repo = yield* FollowRepo
        yield* seedUsers(ann, ben, cat)
        yield* repo.follow(ann.id, ben.id, at(1))
        yield* repo.follow(ann.id, cat.id, at(2))
        yield* repo.unfollow(ann.id, ben.id)
        expect(yield* repo.followers(ben.id, everything)).toEqual([])
        expect(ids(yield* repo.following(ann.id, everything))).toEqual([cat.id])
        // Unfollowing what isn't followed changes nothing.
        yield* repo.unfollow(ann.id, ben.id)
        yield* repo.unfollow(ben.id, ann.id)
        expect(ids(yield* repo.following(ann.id, everything))).toEqual([cat.id])

        expect(yield* repo.follow(ann.id, ben.id, at(5))).toBe(true)
        expect(ids(yield* repo.following(ann.id, everything))).toEqual([ben.id, cat.id])
        const pending = yield* pendingEntries(100)
        expect(pending.map((entry) => entry.event)).toEqual([
          { kind: "followed", followerId: ann.id, followeeId: ben.id },
          { kind: "followed", followerId: ann.id, followeeId: cat.id },
          { kind: "followed", followerId: ann.id, followeeId: ben.id }
        ])
        const entryIds = pending.map((entry) => entry.id)
        expect([...entryIds].sort((a, b) => a - b)).toEqual(entryIds)
        expect(new Set(entryIds).size).toBe(3)
      })))

    it.effect("followers and following: most recent follow first, ties by id descending, paged", () =>
      run(Effect.gen(function*() {
        const repo = yield* FollowRepo
        yield* seedUsers(ann, ben, cat, dan, eve)
        // ben's followers: dan and cat at the same instant (dan first by id), then eve, then ann.
        yield* repo.follow(ann.id, ben.id, at(1))
        yield* repo.follow(cat.id, ben.id, at(3))
        yield* repo.follow(eve.id, ben.id, at(2))
        yield* repo.follow(dan.id, ben.id, at(3))
        expect(ids(yield* repo.followers(ben.id, everything))).toEqual(ids([dan, cat, eve, ann]))
        expect(ids(yield* repo.followers(ben.id, { limit: 2, offset: 1 }))).toEqual(ids([cat, eve]))
        expect(ids(yield* repo.followers(ben.id, { limit: 2, offset: 3 }))).toEqual(ids([ann]))
        expect(yield* repo.followers(ben.id, { limit: 2, offset: 4 })).toEqual([])

        // ann follows ben (at 1), then eve and cat at the same instant (eve first by id).
        yield* repo.follow(ann.id, cat.id, at(7))
        yield* repo.follow(ann.id, eve.id, at(7))
        const following = yield* repo.following(ann.id, everything)
        expect(ids(following)).toEqual(ids([eve, cat, ben]))
        expect(following[0]).toEqual(eve)
        expect(ids(yield* repo.following(ann.id, { limit: 1, offset: 1 }))).toEqual(ids([cat]))
      })))

    it.effect("deactivated agents are left out of both lists and of their paging", () =>
      run(Effect.gen(function*() {
        const repo = yield* FollowRepo
        const bot = makeAgent("bot")
        const keeper = makeAgent("keeper")
        yield* seedUsers(ann, ben)
        yield* seedAgents(bot, keeper)
        yield* repo.follow(bot.id, ann.id, at(1))
        yield* repo.follow(keeper.id, ann.id, at(2))
        yield* repo.follow(ben.id, ann.id, at(3))
        yield* repo.follow(ann.id, bot.id, at(4))
        yield* repo.follow(ann.id, ben.id, at(5))
        expect(ids(yield* repo.followers(ann.id, everything))).toEqual(ids([ben, keeper, bot]))

        expect(yield* (yield* AgentRepo).deactivate(bot.id)).toBe(true)
        expect(ids(yield* repo.followers(ann.id, everything))).toEqual(ids([ben, keeper]))
        expect(ids(yield* repo.following(ann.id, everything))).toEqual(ids([ben]))
        // Paging counts only the listed users.
        expect(ids(yield* repo.followers(ann.id, { limit: 1, offset: 1 }))).toEqual(ids([keeper]))
        expect(yield* repo.followers(ann.id, { limit: 1, offset: 2 })).toEqual([])
      })))
  })
}
