/**
 * In-memory HeartbeatLeaseRepo: the real semantics for a single process,
 * each operation one synchronous step on the store's map.
 */
import { Context, Effect, Layer, Option } from "effect"
import { HeartbeatLeaseRepo } from "../HeartbeatLeaseRepo.js"
import { MemoryStore } from "./MemoryStore.js"

export const make: Effect.Effect<Context.Tag.Service<HeartbeatLeaseRepo>, never, MemoryStore> = Effect.gen(
  function*() {
    const db = yield* MemoryStore
    return HeartbeatLeaseRepo.of({
      acquire: (agentId, holder, now, leaseUntil) =>
        Effect.sync(() => {
          const row = db.heartbeats.get(agentId)
          if (row === undefined) {
            db.heartbeats.set(agentId, { dueAt: now, failures: 0, holder, leasedUntil: leaseUntil })
            return Option.some(0)
          }
          if (row.dueAt > now || (row.leasedUntil !== null && row.leasedUntil > now)) return Option.none()
          db.heartbeats.set(agentId, { ...row, holder, leasedUntil: leaseUntil })
          return Option.some(row.failures)
        }),
      release: (agentId, holder, nextDueAt, failures) =>
        Effect.sync(() => {
          const row = db.heartbeats.get(agentId)
          if (row === undefined || row.holder !== holder) return
          db.heartbeats.set(agentId, { dueAt: nextDueAt, failures, holder: null, leasedUntil: null })
        })
    })
  }
)

export const layer: Layer.Layer<HeartbeatLeaseRepo, never, MemoryStore> = Layer.effect(HeartbeatLeaseRepo, make)
