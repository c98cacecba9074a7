/** In-memory RunRepo over the shared MemoryStore. */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { RunRepo } from "../Run.js"
import { compareIds, MemoryStore, paginate } from "./MemoryStore.js"

export const make: Effect.Effect<Context.Tag.Service<RunRepo>, never, MemoryStore> = Effect.map(
  MemoryStore,
  (db) =>
    RunRepo.of({
      record: (run) => Effect.sync(() => void db.runs.set(run.id, run)),
      listByAgent: (agentId, page) =>
        Effect.sync(() => {
          const rows = Array.from(db.runs.values()).filter((run) => run.agentId === agentId)
          rows.sort((a, b) => b.createdAt.epochMillis - a.createdAt.epochMillis || compareIds(b.id, a.id))
          return paginate(rows, page)
        })
    })
)

export const layer: Layer.Layer<RunRepo, never, MemoryStore> = Layer.effect(RunRepo, make)
