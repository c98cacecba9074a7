/**
 * What the multi-process scenarios share: the database they run on, bursts,
 * tallies, and waiting for a condition with a deadline instead of a sleep.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { Duration, Effect, type Layer, Schedule } from "effect"
import type { FakeModel } from "./FakeModel.js"
import type { Processes } from "./ServerProcesses.js"

/** One database for every process of a test. */
export interface SharedStore {
  /** DATABASE_URL for the processes. */
  readonly databaseUrl: string
  /** A client on it, for what the API does not show (the outbox, the file's integrity). */
  readonly inspect: Layer.Layer<SqlClient.SqlClient, unknown>
  /** Whether it is a file whose integrity SQLite can check. */
  readonly isSqliteFile: boolean
}

/** What a scenario runs on. */
export interface Running {
  readonly processes: Processes
  readonly store: SharedStore
  /** A client on the shared database, opened after the processes migrated it. */
  readonly inspect: Layer.Layer<SqlClient.SqlClient>
  /** The processes' language model. */
  readonly model: FakeModel
}

/** Runs every effect at once. */
export const all = <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>) =>
  Effect.all(effects, { concurrency: "unbounded" })

/** How many replies had each status. */
export const countOf = (replies: ReadonlyArray<{ readonly status: number }>) => tally(replies.map((r) => r.status))

/** How many times each value occurs. */
export const tally = (values: ReadonlyArray<string | number>) => {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}

/** Repeats `check` every 100 ms until it is true; fails after `timeout`. */
export const waitUntil = <E, R>(what: string, check: Effect.Effect<boolean, E, R>, timeout = Duration.seconds(20)) =>
  check.pipe(
    Effect.repeat({ schedule: Schedule.spaced(Duration.millis(100)), until: (done) => done }),
    Effect.timeoutFail({ duration: timeout, onTimeout: () => new Error(`timed out waiting for ${what}`) })
  )

/** Whether every outbox event has been delivered (a delivery deletes its row). */
export const outboxEmpty = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ readonly n: number | string | bigint }>`SELECT COUNT(*) AS n FROM outbox`
  return Number(rows[0]?.n ?? 0) === 0
}).pipe(Effect.orDie)
