/**
 * The behaviour every HeartbeatLeaseRepo adapter must have: an agent never
 * attempted has no attempt and can be leased on that state; a lease keeps
 * every other acquire out (the holder's own too) until it ends, and an ended
 * lease can be taken; `release` records the attempt, which `attempts`
 * answers in one batch; `acquire` is a compare-and-set on the last attempt,
 * so a decision taken on a state that has since changed loses; a release or
 * abandon by someone no longer holding the lease changes nothing, and an
 * abandon leaves the attempt as it was; agents lease apart; of many
 * concurrent acquires on one state exactly one wins.
 */
import { describe, expect, it } from "@effect/vitest"
import { type Attempt, HeartbeatLeaseRepo, UserId } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { at, fresh, makeAgent, type RepositoriesLayer, seedAgents } from "./Fixtures.js"

const scribe = makeAgent("scribe")
const poet = makeAgent("poet")

/** Epoch milliseconds `minutes` after the fixtures' epoch. */
const t = (minutes: number) => at(minutes).epochMillis

const never = Option.none<Attempt>()

const leases = HeartbeatLeaseRepo

export const heartbeatLeaseRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  const run = fresh(layer)

  describe(`HeartbeatLeaseRepo contract: ${name}`, () => {
    it.effect("an agent never attempted can be leased; a lease keeps every other acquire out until it ends", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe)
        const repo = yield* leases
        expect(yield* repo.attempts([scribe.id])).toEqual(new Map())
        // No attempt is recorded, so a decision based on one is stale.
        expect(yield* repo.acquire(scribe.id, "one", Option.some({ startedAt: t(0), failures: 0 }), t(0), t(10)))
          .toBe(false)
        expect(yield* repo.acquire(scribe.id, "one", never, t(0), t(10))).toBe(true)
        expect(yield* repo.acquire(scribe.id, "two", never, t(1), t(11))).toBe(false)
        expect(yield* repo.acquire(scribe.id, "one", never, t(9), t(19))).toBe(false)
        // Leased but not yet attempted: still no attempt.
        expect(yield* repo.attempts([scribe.id])).toEqual(new Map())
        // A lease ending at `now` has ended: another holder takes the agent.
        expect(yield* repo.acquire(scribe.id, "two", never, t(10), t(20))).toBe(true)
        expect(yield* repo.acquire(scribe.id, "one", never, t(15), t(25))).toBe(false)
      })))

    it.effect("release records the attempt, which attempts answers and the next acquire must have seen", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe)
        const repo = yield* leases
        yield* repo.acquire(scribe.id, "one", never, t(0), t(10))
        const first = { startedAt: t(0), failures: 3 }
        yield* repo.release(scribe.id, "one", first)
        expect(yield* repo.attempts([scribe.id])).toEqual(new Map([[scribe.id, first]]))
        expect(yield* repo.acquire(scribe.id, "two", never, t(60), t(70))).toBe(false)
        expect(yield* repo.acquire(scribe.id, "two", Option.some(first), t(60), t(70))).toBe(true)
        const second = { startedAt: t(60), failures: 0 }
        yield* repo.release(scribe.id, "two", second)
        expect(yield* repo.attempts([scribe.id])).toEqual(new Map([[scribe.id, second]]))
        expect(yield* repo.acquire(scribe.id, "one", Option.some(second), t(61), t(71))).toBe(true)
      })))

    it.effect("a decision taken on a state that has since changed loses, even with the lease free", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe)
        const repo = yield* leases
        // Both processes read "never attempted"; one runs and records its attempt first.
        expect(yield* repo.acquire(scribe.id, "fast", never, t(0), t(10))).toBe(true)
        const first = { startedAt: t(0), failures: 0 }
        yield* repo.release(scribe.id, "fast", first)
        expect(yield* repo.acquire(scribe.id, "slow", never, t(1), t(11))).toBe(false)
        // Both read `first`; again one runs to the end before the other tries.
        expect(yield* repo.acquire(scribe.id, "fast", Option.some(first), t(60), t(70))).toBe(true)
        yield* repo.release(scribe.id, "fast", { startedAt: t(60), failures: 1 })
        expect(yield* repo.acquire(scribe.id, "slow", Option.some(first), t(61), t(71))).toBe(false)
      })))

    it.effect("a release or abandon by someone no longer holding the lease is ignored", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe)
        const repo = yield* leases
        yield* repo.acquire(scribe.id, "dead", never, t(0), t(10))
        expect(yield* repo.acquire(scribe.id, "alive", never, t(10), t(20))).toBe(true)
        // The first holder's late outcome neither ends the new lease nor records its attempt.
        yield* repo.release(scribe.id, "dead", { startedAt: t(0), failures: 5 })
        yield* repo.abandon(scribe.id, "dead")
        expect(yield* repo.attempts([scribe.id])).toEqual(new Map())
        expect(yield* repo.acquire(scribe.id, "other", never, t(12), t(22))).toBe(false)
        const attempt = { startedAt: t(10), failures: 1 }
        yield* repo.release(scribe.id, "alive", attempt)
        yield* repo.release(scribe.id, "dead", { startedAt: t(0), failures: 5 })
        expect(yield* repo.attempts([scribe.id])).toEqual(new Map([[scribe.id, attempt]]))
        expect(yield* repo.acquire(scribe.id, "other", Option.some(attempt), t(30), t(40))).toBe(true)
      })))

    it.effect("abandon ends the lease and leaves the last attempt as it was", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe)
        const repo = yield* leases
        yield* repo.acquire(scribe.id, "one", never, t(0), t(10))
        yield* repo.abandon(scribe.id, "one")
        expect(yield* repo.acquire(scribe.id, "two", never, t(1), t(11))).toBe(true)
        const attempt = { startedAt: t(1), failures: 2 }
        yield* repo.release(scribe.id, "two", attempt)
        yield* repo.acquire(scribe.id, "one", Option.some(attempt), t(60), t(70))
        yield* repo.abandon(scribe.id, "one")
        expect(yield* repo.attempts([scribe.id])).toEqual(new Map([[scribe.id, attempt]]))
        expect(yield* repo.acquire(scribe.id, "two", Option.some(attempt), t(61), t(71))).toBe(true)
      })))

    it.effect("agents lease apart, and attempts answers many agents at once, leaving out those never attempted", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe, poet)
        const repo = yield* leases
        expect(yield* repo.acquire(scribe.id, "one", never, t(0), t(10))).toBe(true)
        expect(yield* repo.acquire(poet.id, "two", never, t(0), t(10))).toBe(true)
        const attempt = { startedAt: t(0), failures: 2 }
        yield* repo.release(poet.id, "two", attempt)
        expect(yield* repo.acquire(poet.id, "one", Option.some(attempt), t(5), t(15))).toBe(true)
        expect(yield* repo.acquire(scribe.id, "two", never, t(5), t(15))).toBe(false)
        // More ids than one statement takes, most of them unknown.
        const unknown = Array.from({ length: 1_200 }, (_, i) => UserId.make(`agent-unknown-${i}`))
        expect(yield* repo.attempts([...unknown.slice(0, 700), scribe.id, poet.id, ...unknown.slice(700)]))
          .toEqual(new Map([[poet.id, attempt]]))
        expect(yield* repo.attempts([])).toEqual(new Map())
      })))

    it.effect("of 20 concurrent acquires on one state exactly one wins, never attempted or attempted", () =>
      run(Effect.gen(function*() {
        yield* seedAgents(scribe)
        const repo = yield* leases
        const race = (seen: Option.Option<Attempt>, now: number) =>
          Effect.all(
            Array.from({ length: 20 }, (_, i) => repo.acquire(scribe.id, `holder-${i}`, seen, now, now + 600_000)),
            { concurrency: "unbounded" }
          )
        const first = yield* race(never, t(0))
        expect(first.filter((won) => won)).toEqual([true])
        const attempt = { startedAt: t(0), failures: 4 }
        yield* repo.release(scribe.id, `holder-${first.indexOf(true)}`, attempt)
        const second = yield* race(Option.some(attempt), t(60))
        expect(second.filter((won) => won)).toEqual([true])
      })))
  })
}
