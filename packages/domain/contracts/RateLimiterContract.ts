/**
 * The behaviour every RateLimiter adapter must have: fixed windows per key
 * that start at a key's first hit; `limit` hits pass in a window, the next
 * fail with `RateLimited` and the whole seconds left in the window; keys
 * count apart; concurrent hits never let more than `limit` through; a hit
 * answers the quota (limit, remaining, seconds to the window's end) and a
 * peek answers it without counting. Time is Effect's Clock, so TestClock
 * moves the windows.
 */
import { describe, expect, it } from "@effect/vitest"
import { RateLimited, RateLimiter } from "@holonet/domain"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as TestClock from "effect/TestClock"
import type { Layer } from "effect"

const minute = Duration.minutes(1)

const hits = (key: string, times: number, limit: number) =>
  Effect.flatMap(
    RateLimiter,
    (limiter) => Effect.forEach(Array.from({ length: times }), () => Effect.either(limiter.hit(key, limit, minute)))
  )

const passed = (answers: ReadonlyArray<Either.Either<unknown, RateLimited>>) => answers.filter(Either.isRight).length

const refusal = (key: string, limit: number) =>
  Effect.flatMap(RateLimiter, (limiter) => Effect.flip(limiter.hit(key, limit, minute)))

export const rateLimiterContract = <E>(name: string, layer: Layer.Layer<RateLimiter, E>): void => {
  describe(`RateLimiter contract: ${name}`, () => {
    it.effect("hits up to the limit pass", () =>
      Effect.gen(function*() {
        expect(passed(yield* hits("ip-a", 3, 3))).toBe(3)
      }).pipe(Effect.provide(layer)))

    it.effect("the hit after the limit fails with the whole seconds left in the window, rounded up", () =>
      Effect.gen(function*() {
        yield* hits("ip-a", 3, 3)
        yield* TestClock.adjust(Duration.millis(10_500))
        const first = yield* refusal("ip-a", 3)
        expect(first).toBeInstanceOf(RateLimited)
        expect(first.retryAfterSeconds).toBe(50)
        // A refused hit neither moves nor lengthens the window.
        yield* TestClock.adjust(Duration.millis(49_400))
        expect((yield* refusal("ip-a", 3)).retryAfterSeconds).toBe(1)
      }).pipe(Effect.provide(layer)))

    it.effect("keys count apart", () =>
      Effect.gen(function*() {
        yield* hits("ip-a", 2, 2)
        expect(passed(yield* hits("ip-b", 2, 2))).toBe(2)
        expect((yield* refusal("ip-a", 2)).retryAfterSeconds).toBe(60)
        expect((yield* refusal("ip-b", 2)).retryAfterSeconds).toBe(60)
      }).pipe(Effect.provide(layer)))

    it.effect("a new window starts at the first hit after the old one ends", () =>
      Effect.gen(function*() {
        yield* hits("ip-a", 3, 2)
        yield* TestClock.adjust(Duration.seconds(59))
        expect((yield* refusal("ip-a", 2)).retryAfterSeconds).toBe(1)
        yield* TestClock.adjust(Duration.seconds(31))
        // The new window runs from this hit, not from where the old one ended.
        expect(passed(yield* hits("ip-a", 2, 2))).toBe(2)
        yield* TestClock.adjust(Duration.seconds(45))
        expect((yield* refusal("ip-a", 2)).retryAfterSeconds).toBe(15)
      }).pipe(Effect.provide(layer)))

    it.effect("a hit answers the limit, the hits left and the whole seconds to the window's end", () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimiter
        expect(yield* limiter.hit("ip-a", 3, minute)).toEqual({ limit: 3, remaining: 2, resetSeconds: 60 })
        yield* TestClock.adjust(Duration.millis(10_500))
        expect(yield* limiter.hit("ip-a", 3, minute)).toEqual({ limit: 3, remaining: 1, resetSeconds: 50 })
        expect(yield* limiter.hit("ip-a", 3, minute)).toEqual({ limit: 3, remaining: 0, resetSeconds: 50 })
        const refused = yield* Effect.flip(limiter.hit("ip-a", 3, minute))
        expect(refused.limit).toBe(3)
      }).pipe(Effect.provide(layer)))

    it.effect("a peek answers without counting, and fails once the key is at its limit", () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimiter
        const peek = limiter.hit("ip-a", 2, minute, { peek: true })
        expect(yield* peek).toEqual({ limit: 2, remaining: 2, resetSeconds: 60 })
        expect(yield* peek).toEqual({ limit: 2, remaining: 2, resetSeconds: 60 })
        yield* limiter.hit("ip-a", 2, minute)
        yield* TestClock.adjust(Duration.seconds(20))
        expect(yield* peek).toEqual({ limit: 2, remaining: 1, resetSeconds: 40 })
        yield* limiter.hit("ip-a", 2, minute)
        expect((yield* Effect.flip(peek)).retryAfterSeconds).toBe(40)
        // The peeks counted nothing, and the window ends as the hits began it.
        yield* TestClock.adjust(Duration.seconds(40))
        expect(yield* peek).toEqual({ limit: 2, remaining: 2, resetSeconds: 60 })
        expect(passed(yield* hits("ip-a", 3, 2))).toBe(2)
      }).pipe(Effect.provide(layer)))

    it.effect("fifty hits at once with a limit of twenty let exactly twenty through", () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimiter
        const answers = yield* Effect.forEach(
          Array.from({ length: 50 }),
          () => Effect.either(limiter.hit("ip-a", 20, minute)),
          { concurrency: "unbounded" }
        )
        expect(passed(answers)).toBe(20)
        expect(answers.filter(Either.isLeft).every((answer) => answer.left.retryAfterSeconds === 60)).toBe(true)
        expect(passed(yield* hits("ip-b", 1, 20))).toBe(1)
      }).pipe(Effect.provide(layer)))
  })
}
