/**
 * NotificationRepo claims, part of `notificationRepoContract`: a claimed
 * entry is not handed out again until its claim ends, then it is (a worker
 * that died holding it); concurrent claims get disjoint entries and, between
 * them, every entry; delivering removes the entry from every later claim.
 */
import { expect, it } from "@effect/vitest"
import { FollowRepo, NotificationRepo, type OutboxEntry } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { at, makeUser, type RunFresh, seedUsers } from "./Fixtures.js"

const users = Array.from({ length: 8 }, (_, i) => makeUser(`claim${i}`))

/** Each user follows the next four: 32 `followed` entries, oldest first. */
const seedFollows = Effect.gen(function*() {
  yield* seedUsers(...users)
  const follows = yield* FollowRepo
  yield* Effect.forEach(users, (follower, i) =>
    Effect.forEach([1, 2, 3, 4], (k) => {
      const followee = users[(i + k) % users.length] ?? follower
      return follows.follow(follower.id, followee.id, at(i * 4 + k))
    }, { discard: true }), { discard: true })
})

/** Epoch milliseconds `minutes` after the fixtures' epoch. */
const t = (minutes: number) => at(minutes).epochMillis

const idsOf = (entries: ReadonlyArray<OutboxEntry>) => entries.map((entry) => entry.id)

/** Registers the tests in the enclosing `describe`; `run` gives each a fresh store. */
export const notificationRepoClaimContract = <E>(run: RunFresh<E>): void => {
  it.effect("claim: claimed entries are not handed out again until the claim ends, then they are", () =>
    run(Effect.gen(function*() {
      const repo = yield* NotificationRepo
      yield* seedFollows
      const first = yield* repo.claim(10, t(100), t(101))
      expect(first).toHaveLength(10)
      const ids = idsOf(first)
      expect([...ids].sort((a, b) => a - b)).toEqual(ids)
      const second = yield* repo.claim(30, t(100.5), t(101.5))
      expect(second).toHaveLength(22)
      expect(second[0]?.id).toBeGreaterThan(ids[9] ?? Infinity)
      expect(yield* repo.claim(30, t(100.9), t(110))).toEqual([])
      // The first claim ends at minute 101 (a worker that died holding it): those entries come back, oldest first.
      expect(idsOf(yield* repo.claim(30, t(101), t(102)))).toEqual(ids)
      expect(idsOf(yield* repo.claim(5, t(101.5), t(102)))).toEqual(idsOf(second).slice(0, 5))
    })))

  it.effect("claim: concurrent claims get disjoint entries and, between them, every one", () =>
    run(Effect.gen(function*() {
      const repo = yield* NotificationRepo
      yield* seedFollows
      const claims = yield* Effect.all(
        Array.from({ length: 5 }, () => repo.claim(8, t(100), t(101))),
        { concurrency: "unbounded" }
      )
      const all = claims.flatMap(idsOf)
      expect(all).toHaveLength(32)
      expect(new Set(all).size).toBe(32)
      for (const claim of claims) expect(claim.length).toBeLessThanOrEqual(8)
    })))

  it.effect("claim: delivered entries are never claimed again, whatever the time", () =>
    run(Effect.gen(function*() {
      const repo = yield* NotificationRepo
      yield* seedFollows
      const first = yield* repo.claim(3, t(100), t(101))
      yield* repo.deliver(first.map((entry) => ({ entryId: entry.id, deliveries: [] })))
      const later = yield* repo.claim(100, t(200), t(201))
      expect(later).toHaveLength(29)
      expect(later.filter((entry) => idsOf(first).includes(entry.id))).toEqual([])
    })))
}
