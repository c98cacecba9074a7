/**
 * In-memory HeartbeatLeaseRepo: the real semantics for a single process,
 * each operation one synchronous step on the store's map.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { type Attempt, HeartbeatLeaseRepo } from "../HeartbeatLeaseRepo.js"
import type { UserId } from "../Ids.js"
import { MemoryStore } from "./MemoryStore.js"

export const make: Effect.Effect<Context.Tag.Service<HeartbeatLeaseRepo>, never, MemoryStore> = Effect.gen(
  function*() {
    const db = yield* MemoryStore
    return HeartbeatLeaseRepo.of({
      attempts: (agentIds) =>
        Effect.sync(() => {
          const found = new Map<UserId, Attempt>()
          for (const agentId of agentIds) {
            const attempt = db.heartbeats.get(agentId)?.attempt
            if (attempt !== undefined && attempt !== null) found.set(agentId, attempt)
          }
          return found
        }),
      acquire: (agentId, holder, seen, now, leaseUntil) =>
        Effect.sync(() => {
          const row = db.heartbeats.get(agentId)
          const last = row?.attempt ?? null
          const unchanged = Option.match(seen, {
            onNone: () => last === null,
            onSome: (attempt) => last !== null && last.startedAt === attempt.startedAt
          })
          const leased = row?.leasedUntil !== undefined && row.leasedUntil !== null && row.leasedUntil > now
          if (!unchanged || leased) return false
          db.heartbeats.set(agentId, { attempt: last, holder, leasedUntil: leaseUntil })
          return true
        }),
      release: (agentId, holder, attempt) =>
        Effect.sync(() => {
          if (db.heartbeats.get(agentId)?.holder !== holder) return
          db.heartbeats.set(agentId, { attempt, holder: null, leasedUntil: null })
        }),
      abandon: (agentId, holder) =>
        Effect.sync(() => {
          const row = db.heartbeats.get(agentId)
          if (row === undefined || row.holder !== holder) return
          db.heartbeats.set(agentId, { ...row, holder: null, leasedUntil: null })
        })
    })
  }
)

export const layer: Layer.Layer<HeartbeatLeaseRepo, never, MemoryStore> = Layer.effect(HeartbeatLeaseRepo, make)
