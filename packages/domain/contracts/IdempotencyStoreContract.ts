/**
 * The behaviour every IdempotencyStore adapter must have: `begin` inserts a
 * pending record once per key, however many callers race, and reports the
 * live record to the others (InUse while pending, Replay once completed,
 * Mismatch for another request); `release` frees the key, expired records
 * count as absent, and `sweep` deletes them.
 */
import { describe, expect, it } from "@effect/vitest"
import { type BeginOutcome, IdempotencyStore } from "@holonet/domain"
import * as Effect from "effect/Effect"
import type { Layer } from "effect"

const attempt = (keyHash: string, fingerprint: string, now = 1_000) => ({
  keyHash,
  fingerprint,
  now,
  pendingUntil: now + 60_000
})

const tags = (outcomes: ReadonlyArray<BeginOutcome>) => outcomes.map((outcome) => outcome._tag)

export const idempotencyStoreContract = <E>(name: string, layer: Layer.Layer<IdempotencyStore, E>): void => {
  describe(`IdempotencyStore contract: ${name}`, () => {
    it.effect("the first begin starts; the same request again is in use, another request a mismatch", () =>
      Effect.gen(function*() {
        const store = yield* IdempotencyStore
        expect((yield* store.begin(attempt("k1", "fp-a")))._tag).toBe("Started")
        expect((yield* store.begin(attempt("k1", "fp-a")))._tag).toBe("InUse")
        expect((yield* store.begin(attempt("k1", "fp-b")))._tag).toBe("Mismatch")
        // Keys are apart.
        expect((yield* store.begin(attempt("k2", "fp-a")))._tag).toBe("Started")
      }).pipe(Effect.provide(layer)))

    it.effect("a completed record replays its sealed answer until it expires, then counts as absent", () =>
      Effect.gen(function*() {
        const store = yield* IdempotencyStore
        yield* store.begin(attempt("k1", "fp-a"))
        yield* store.complete("k1", "fp-a", "sealed-answer", 50_000)
        const replay = yield* store.begin(attempt("k1", "fp-a", 49_999))
        expect(replay).toEqual({ _tag: "Replay", sealed: "sealed-answer" })
        expect((yield* store.begin(attempt("k1", "fp-b", 49_999)))._tag).toBe("Mismatch")
        expect((yield* store.begin(attempt("k1", "fp-b", 50_000)))._tag).toBe("Started")
        expect((yield* store.begin(attempt("k1", "fp-b", 50_001)))._tag).toBe("InUse")
      }).pipe(Effect.provide(layer)))

    it.effect("release frees the key of its pending record; it never drops a completed one", () =>
      Effect.gen(function*() {
        const store = yield* IdempotencyStore
        yield* store.begin(attempt("k1", "fp-a"))
        yield* store.release("k1", "fp-b")
        expect((yield* store.begin(attempt("k1", "fp-a")))._tag).toBe("InUse")
        yield* store.release("k1", "fp-a")
        expect((yield* store.begin(attempt("k1", "fp-a")))._tag).toBe("Started")
        yield* store.complete("k1", "fp-a", "kept", 90_000)
        yield* store.release("k1", "fp-a")
        expect((yield* store.begin(attempt("k1", "fp-a")))._tag).toBe("Replay")
      }).pipe(Effect.provide(layer)))

    it.effect("a pending record whose process died stops blocking the key when its pending time ends", () =>
      Effect.gen(function*() {
        const store = yield* IdempotencyStore
        yield* store.begin(attempt("k1", "fp-a", 1_000))
        expect((yield* store.begin(attempt("k1", "fp-a", 60_999)))._tag).toBe("InUse")
        expect((yield* store.begin(attempt("k1", "fp-a", 61_000)))._tag).toBe("Started")
      }).pipe(Effect.provide(layer)))

    it.effect("sweep deletes exactly the expired records", () =>
      Effect.gen(function*() {
        const store = yield* IdempotencyStore
        yield* store.begin(attempt("k1", "fp-a"))
        yield* store.complete("k1", "fp-a", "one", 10_000)
        yield* store.begin(attempt("k2", "fp-a"))
        yield* store.complete("k2", "fp-a", "two", 30_000)
        expect(yield* store.sweep(20_000)).toBe(1)
        expect(yield* store.sweep(20_000)).toBe(0)
        expect((yield* store.begin(attempt("k2", "fp-a", 20_000)))._tag).toBe("Replay")
      }).pipe(Effect.provide(layer)))

    it.effect("twenty concurrent begins of one key: exactly one starts", () =>
      Effect.gen(function*() {
        const store = yield* IdempotencyStore
        const outcomes = yield* Effect.forEach(
          Array.from({ length: 20 }),
          () => store.begin(attempt("k1", "fp-a")),
          { concurrency: "unbounded" }
        )
        expect(tags(outcomes).filter((tag) => tag === "Started")).toHaveLength(1)
        expect(tags(outcomes).filter((tag) => tag === "InUse")).toHaveLength(19)
      }).pipe(Effect.provide(layer)))
  })
}
