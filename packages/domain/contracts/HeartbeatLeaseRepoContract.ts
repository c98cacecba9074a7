/**
 * The behaviour every HeartbeatLeaseRepo adapter must have: an agent never
 * leased is due at once; a lease keeps every other acquire out (the holder's
 * own too) until it ends, and an ended lease can be taken; `release` records
 * the next due time and the failures, which the next acquire answers, and a
 * release by someone no longer holding the lease changes nothing; agents
 * lease apart; of many concurrent acquires of one due agent exactly one wins.
 */
import { describe, expect, it } from "@effect/vitest"
import { HeartbeatLeaseRepo } from "@holonet/domain"
import { Effect, Option } from "effect"
import { at, fresh, makeAgent, type RepositoriesLayer, seedAgents } from "./Fixtures.js"

const scribe = makeAgent("scribe")
const poet = makeAgent("poet")

/** Epoch milliseconds `minutes` after the fixtures' epoch. */
const t = (minutes: number) => at(minutes).epochMillis

const leases = HeartbeatLeaseRepo

export const heartbeatLeaseRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  const run = fresh(layer)

  describe(`HeartbeatLeaseRepo contract: ${name}`, () => {
    it.effect("an agent never leased is due at once; a lease keeps every other acquire out until it ends", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe)
        const repo = yield* leases
        expect(yield* repo.acquire(scribe.id, "one", t(0), t(10))).toEqual(Option.some(0))
        expect(yield* repo.acquire(scribe.id, "two", t(1), t(11))).toEqual(Option.none())
        expect(yield* repo.acquire(scribe.id, "one", t(9), t(19))).toEqual(Option.none())
        // A lease ending at `now` has ended: another holder takes the agent.
        expect(yield* repo.acquire(scribe.id, "two", t(10), t(20))).toEqual(Option.some(0))
        expect(yield* repo.acquire(scribe.id, "one", t(15), t(25))).toEqual(Option.none())
      })))

    it.effect("release records the next due time and the failures; not due before, due from then on", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe)
        const repo = yield* leases
        yield* repo.acquire(scribe.id, "one", t(0), t(10))
        yield* repo.release(scribe.id, "one", t(60), 3)
        expect(yield* repo.acquire(scribe.id, "two", t(59), t(69))).toEqual(Option.none())
        expect(yield* repo.acquire(scribe.id, "two", t(60), t(70))).toEqual(Option.some(3))
        yield* repo.release(scribe.id, "two", t(61), 0)
        expect(yield* repo.acquire(scribe.id, "one", t(61), t(71))).toEqual(Option.some(0))
      })))

    it.effect("a release by someone no longer holding the lease is ignored", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe)
        const repo = yield* leases
        yield* repo.acquire(scribe.id, "dead", t(0), t(10))
        expect(yield* repo.acquire(scribe.id, "alive", t(10), t(20))).toEqual(Option.some(0))
        // The first holder's late outcome neither ends the new lease nor sets the schedule.
        yield* repo.release(scribe.id, "dead", t(0), 5)
        expect(yield* repo.acquire(scribe.id, "other", t(12), t(22))).toEqual(Option.none())
        yield* repo.release(scribe.id, "alive", t(30), 1)
        yield* repo.release(scribe.id, "dead", t(0), 5)
        expect(yield* repo.acquire(scribe.id, "other", t(29), t(39))).toEqual(Option.none())
        expect(yield* repo.acquire(scribe.id, "other", t(30), t(40))).toEqual(Option.some(1))
      })))

    it.effect("agents lease apart", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe, poet)
        const repo = yield* leases
        expect(yield* repo.acquire(scribe.id, "one", t(0), t(10))).toEqual(Option.some(0))
        expect(yield* repo.acquire(poet.id, "two", t(0), t(10))).toEqual(Option.some(0))
        yield* repo.release(poet.id, "two", t(5), 2)
        expect(yield* repo.acquire(poet.id, "one", t(5), t(15))).toEqual(Option.some(2))
        expect(yield* repo.acquire(scribe.id, "two", t(5), t(15))).toEqual(Option.none())
      })))

    it.effect("of 20 concurrent acquires of one due agent exactly one wins, new or recorded", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe)
        const repo = yield* leases
        const race = (now: number) =>
          Effect.all(
            Array.from({ length: 20 }, (_, i) => repo.acquire(scribe.id, `holder-${i}`, now, now + 600_000)),
            { concurrency: "unbounded" }
          )
        const first = yield* race(t(0))
        expect(first.filter(Option.isSome)).toEqual([Option.some(0)])
        const winner = first.findIndex(Option.isSome)
        yield* repo.release(scribe.id, `holder-${winner}`, t(60), 4)
        const second = yield* race(t(60))
        expect(second.filter(Option.isSome)).toEqual([Option.some(4)])
      })))
  })
}
