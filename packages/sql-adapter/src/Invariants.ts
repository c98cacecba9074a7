/**
 * What `pnpm check-db` verifies: every stored counter equals what it counts
 * (InvariantChecks.ts), the search index matches the rows and no outbox
 * entry is stuck (InvariantSearch.ts). `check` reads only; `repair` runs the
 * same checks and recomputes whatever differs in one transaction, so a
 * failure changes nothing. Each check is one or a few whole-table queries,
 * whatever the number of rows, on SQLite and PostgreSQL alike.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { counterChecks, findCounterMismatches, repairCounter } from "./InvariantChecks.js"
import { findSearchMismatches, findStuckOutbox, repairSearch } from "./InvariantSearch.js"

export interface Mismatch {
  /** `table.column` for counters, `search` or `outbox`. */
  readonly check: string
  readonly table: string
  readonly id: string
  readonly column: string
  readonly stored: number | string | null
  readonly expected: number | string | null
  /** False for what only the server can fix (a stuck outbox entry). */
  readonly repairable: boolean
}

export interface CheckOptions {
  /** How long an outbox entry may wait before it counts as stuck; 5 minutes unless told. */
  readonly staleOutboxMillis?: number
}

const defaultStaleOutboxMillis = 5 * 60_000

/** Numbers as numbers whatever the driver returned (PostgreSQL's BIGINT arrives as a string). */
const numeric = (value: number | string | null): number | string | null =>
  typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value

/** One line naming the mismatch: table, id, column, stored and expected value. */
export const describe = (mismatch: Mismatch): string =>
  `${mismatch.table} ${mismatch.id} ${mismatch.column}: stored ${String(mismatch.stored)}, expected ${
    String(mismatch.expected)
  }`

/** Every mismatch in the database, counters first, in a stable order. */
export const check = (
  options: CheckOptions = {}
): Effect.Effect<ReadonlyArray<Mismatch>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const counters = yield* Effect.forEach(counterChecks, (counter) =>
      Effect.map(findCounterMismatches(sql, counter), (rows) =>
        rows.map((row): Mismatch => ({
          check: counter.name,
          table: counter.table,
          id: String(row.id),
          column: counter.column,
          stored: numeric(row.stored),
          expected: numeric(row.expected),
          repairable: true
        }))))
    const search = (yield* findSearchMismatches(sql)).map((row): Mismatch => ({
      check: "search",
      table: row.table,
      id: String(row.id),
      column: "search",
      stored: row.stored,
      expected: row.expected,
      repairable: true
    }))
    const now = yield* Clock.currentTimeMillis
    const staleMillis = options.staleOutboxMillis ?? defaultStaleOutboxMillis
    const outbox = (yield* findStuckOutbox(sql, now, staleMillis)).map((row): Mismatch => ({
      check: "outbox",
      table: "outbox",
      id: String(row.id),
      column: "claimed_until",
      stored: row.claimed_until === null ? "unclaimed" : `claim ended at ${Number(row.claimed_until)}`,
      expected: `delivered within ${Math.round(staleMillis / 1000)} s of ${Number(row.created_at)}`,
      repairable: false
    }))
    return [...counters.flat(), ...search, ...outbox]
  })

/**
 * Finds the mismatches and recomputes the repairable ones, all in one
 * transaction; returns what was found (and so changed, for the repairable
 * ones). Only the checks that found something run their repair.
 */
export const repair = (
  options: CheckOptions = {}
): Effect.Effect<ReadonlyArray<Mismatch>, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql.withTransaction(Effect.gen(function*() {
      const found = yield* check(options)
      const failing = new Set(found.map((mismatch) => mismatch.check))
      for (const counter of counterChecks) {
        if (failing.has(counter.name)) yield* repairCounter(sql, counter)
      }
      if (failing.has("search")) yield* repairSearch(sql)
      return found
    })))
