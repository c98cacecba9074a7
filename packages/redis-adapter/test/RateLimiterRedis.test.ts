/**
 * RateLimiterRedis against the Redis server at `REDIS_URL` (by default the
 * local one): the RateLimiter contract, then what the contract can't see:
 * two connections (as two server processes) count the same hits, even at
 * once, and each key is one hash under `<prefix>rl:` that expires with its
 * window. Every test has a key prefix of its own, deleted when it ends.
 */
import { describe, expect, it } from "@effect/vitest"
import { RateLimiter } from "@holonet/domain"
import { rateLimiterContract } from "@holonet/domain/contracts"
import { Context, Duration, Effect, Either, Layer } from "effect"
import { RateLimiterRedis, Redis } from "../src/index.js"
import { TempRedis } from "../testing/index.js"

const layer = RateLimiterRedis.layer.pipe(Layer.provide(TempRedis.layer))

rateLimiterContract("redis", layer)

/** A limiter with a connection of its own under `keyPrefix`, built in the test's scope. */
const limiterOn = (keyPrefix: string) =>
  Effect.map(
    Layer.build(RateLimiterRedis.layer.pipe(Layer.provide(Redis.layer({ url: TempRedis.url, keyPrefix })))),
    (context) => Context.get(context, RateLimiter)
  )

const minute = Duration.minutes(1)

describe("RateLimiterRedis", () => {
  it.scoped("two limiters on one server count the same hits", () =>
    Effect.gen(function*() {
      const prefix = yield* TempRedis.keyPrefix
      const first = yield* limiterOn(prefix)
      const second = yield* limiterOn(prefix)
      const answers = yield* Effect.forEach(
        Array.from({ length: 6 }, (_, i) => i % 2 === 0 ? first : second),
        (limiter) => Effect.either(limiter.hit("ip-a", 4, minute))
      )
      expect(answers.map(Either.isRight)).toEqual([true, true, true, true, false, false])
    }))

  it.scoped("fifty hits at once over two connections with a limit of twenty let exactly twenty through", () =>
    Effect.gen(function*() {
      const prefix = yield* TempRedis.keyPrefix
      const first = yield* limiterOn(prefix)
      const second = yield* limiterOn(prefix)
      const answers = yield* Effect.forEach(
        Array.from({ length: 50 }, (_, i) => i % 2 === 0 ? first : second),
        (limiter) => Effect.either(limiter.hit("ip-burst", 20, minute)),
        { concurrency: "unbounded" }
      )
      expect(answers.filter(Either.isRight).length).toBe(20)
      expect(answers.filter(Either.isLeft).length).toBe(30)
    }))

  it.scoped("each key is one hash under <prefix>rl: that expires with its window", () =>
    Effect.gen(function*() {
      const prefix = yield* TempRedis.keyPrefix
      const limiter = yield* limiterOn(prefix)
      yield* limiter.hit("agent-registration:10.0.0.1", 5, minute)
      yield* limiter.hit("agent-registration:10.0.0.1", 5, minute)
      yield* limiter.hit("ip-b", 5, Duration.seconds(10))
      expect(yield* TempRedis.keysUnder(prefix)).toEqual([
        `${prefix}rl:agent-registration:10.0.0.1`,
        `${prefix}rl:ip-b`
      ])
      const connection = yield* Effect.map(
        Layer.build(Redis.layer({ url: TempRedis.url })),
        (context) => Context.get(context, Redis.RedisConnection)
      )
      const key = `${prefix}rl:agent-registration:10.0.0.1`
      const [hash, ttl, shortTtl] = yield* connection.use((client) =>
        Promise.all([client.hgetall(key), client.pttl(key), client.pttl(`${prefix}rl:ip-b`)])
      )
      expect(hash["count"]).toBe("2")
      expect(Number(hash["end"])).toBeGreaterThan(0)
      expect(ttl).toBeGreaterThan(50_000)
      expect(ttl).toBeLessThanOrEqual(60_000)
      expect(shortTtl).toBeGreaterThan(0)
      expect(shortTtl).toBeLessThanOrEqual(10_000)
    }))

  it.effect("a test's keys are deleted when its scope closes", () =>
    Effect.gen(function*() {
      const prefix = yield* Effect.scoped(
        Effect.gen(function*() {
          const prefix = yield* TempRedis.keyPrefix
          const limiter = yield* limiterOn(prefix)
          yield* limiter.hit("ip-a", 5, minute)
          expect((yield* TempRedis.keysUnder(prefix)).length).toBe(1)
          return prefix
        })
      )
      expect(yield* TempRedis.keysUnder(prefix)).toEqual([])
    }))
})
