/**
 * Helpers shared by the SQL repositories: time columns and infrastructure
 * failures. Rows are mapped by hand to the domain classes; the data was
 * validated when it entered the domain, so it is not decoded again.
 */
import { SqlError } from "@effect/sql/SqlError"
import { DateTime, Effect } from "effect"

/**
 * An epoch-milliseconds BIGINT column as the driver returns it: a number from
 * better-sqlite3, a bigint in safe-integer mode, a string from node-postgres.
 */
export type EpochMillis = number | bigint | string

export const toDateTime = (value: EpochMillis): DateTime.Utc => DateTime.unsafeMake(Number(value))

export const toEpochMillis = (value: DateTime.Utc): number => DateTime.toEpochMillis(value)

const isSqlError = (error: unknown): error is SqlError => error instanceof SqlError

/**
 * A database failure is not something a caller can handle, so it becomes a
 * defect; typed domain errors raised inside a transaction pass through.
 */
export const dieOnSqlError = <A, E, R>(
  effect: Effect.Effect<A, E | SqlError, R>
): Effect.Effect<A, Exclude<E, SqlError>, R> => Effect.catchIf(effect, isSqlError, Effect.die)

