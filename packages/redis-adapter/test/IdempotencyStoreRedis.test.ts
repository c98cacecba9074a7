/**
 * IdempotencyStoreRedis against the Redis server at `REDIS_URL` (by default
 * the local one): the IdempotencyStore contract, and two connections (as two
 * server processes) sharing one record. Every test has a key prefix of its
 * own, deleted when it ends.
 */
import { describe, expect, it } from "@effect/vitest"
import { IdempotencyStore } from "@holonet/domain"
import { idempotencyStoreContract } from "@holonet/domain/contracts"
import { Context, Effect, Layer } from "effect"
import { IdempotencyStoreRedis, Redis } from "../src/index.js"
import { TempRedis } from "../testing/index.js"

idempotencyStoreContract("redis", IdempotencyStoreRedis.layer.pipe(Layer.provide(TempRedis.layer)))

const storeOn = (keyPrefix: string) =>
  Effect.map(
    Layer.build(IdempotencyStoreRedis.layer.pipe(Layer.provide(Redis.layer({ url: TempRedis.url, keyPrefix })))),
    (context) => Context.get(context, IdempotencyStore)
  )

describe("IdempotencyStoreRedis", () => {
  it.scoped("two connections share a record: one starts, the other sees it running, then replays it", () =>
    Effect.gen(function*() {
      const prefix = yield* TempRedis.keyPrefix
      const one = yield* storeOn(prefix)
      const two = yield* storeOn(prefix)
      const attempt = { keyHash: "k", fingerprint: "fp", now: Date.now(), pendingUntil: Date.now() + 60_000 }
      expect((yield* one.begin(attempt))._tag).toBe("Started")
      expect((yield* two.begin(attempt))._tag).toBe("InUse")
      yield* one.complete("k", "fp", "sealed", Date.now() + 60_000)
      expect(yield* two.begin(attempt)).toEqual({ _tag: "Replay", sealed: "sealed" })
      const keys = yield* TempRedis.keysUnder(prefix)
      expect([...keys].sort()).toEqual([`${prefix}idem-expiry`, `${prefix}idem:k`])
    }))
})
