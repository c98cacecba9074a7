/**
 * IdempotencyStore in process memory: a real store for a single server
 * process (each step runs without yielding, so `begin` is atomic), forgotten
 * on restart.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { Context } from "effect"
import { BeginOutcome, IdempotencyStore } from "../Idempotency.js"

interface StoredRecord {
  readonly fingerprint: string
  readonly sealed: string | undefined
  readonly expiresAt: number
}

export const make: Effect.Effect<Context.Tag.Service<IdempotencyStore>> = Effect.sync(() => {
  const records = new Map<string, StoredRecord>()
  return IdempotencyStore.of({
    begin: (attempt) =>
      Effect.sync(() => {
        const found = records.get(attempt.keyHash)
        if (found === undefined || found.expiresAt <= attempt.now) {
          records.set(attempt.keyHash, {
            fingerprint: attempt.fingerprint,
            sealed: undefined,
            expiresAt: attempt.pendingUntil
          })
          return BeginOutcome.Started()
        }
        if (found.fingerprint !== attempt.fingerprint) return BeginOutcome.Mismatch()
        return found.sealed === undefined ? BeginOutcome.InUse() : BeginOutcome.Replay({ sealed: found.sealed })
      }),
    complete: (keyHash, fingerprint, sealed, expiresAt) =>
      Effect.sync(() => {
        const found = records.get(keyHash)
        if (found !== undefined && found.fingerprint === fingerprint && found.sealed === undefined) {
          records.set(keyHash, { fingerprint, sealed, expiresAt })
        }
      }),
    release: (keyHash, fingerprint) =>
      Effect.sync(() => {
        const found = records.get(keyHash)
        if (found !== undefined && found.fingerprint === fingerprint && found.sealed === undefined) {
          records.delete(keyHash)
        }
      }),
    sweep: (now) =>
      Effect.sync(() => {
        let deleted = 0
        for (const [keyHash, record] of records) {
          if (record.expiresAt <= now) {
            records.delete(keyHash)
            deleted += 1
          }
        }
        return deleted
      })
  })
})

export const layer: Layer.Layer<IdempotencyStore> = Layer.effect(IdempotencyStore, make)
