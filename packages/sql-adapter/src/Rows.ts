/**
 * Helpers shared by the SQL repositories: time columns, the shape of a
 * statement's answer, and infrastructure failures. Rows are mapped by hand
 * to the domain classes (the data was validated when it entered the domain,
 * so it is not decoded again); these name what `SqlSchema.findOne/findAll`
 * name, without a Schema decode per row.
 */
import { SqlError } from "@effect/sql/SqlError"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

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

/** A statement's rows, as a statement (or a choice of statements) yields them. */
type Rows<Row> = Effect.Effect<ReadonlyArray<Row>, SqlError>

/** The first row, mapped, if there is one. */
export const findOne = <Row, A>(query: Rows<Row>, toItem: (row: Row) => A): Effect.Effect<Option.Option<A>> =>
  dieOnSqlError(Effect.map(query, (rows) => {
    const row = rows[0]
    return row === undefined ? Option.none() : Option.some(toItem(row))
  }))

/** Every row, mapped, in the statement's order. */
export const findAll = <Row, A>(query: Rows<Row>, toItem: (row: Row) => A): Effect.Effect<ReadonlyArray<A>> =>
  dieOnSqlError(Effect.map(query, (rows) => rows.map(toItem)))

/** Whether the statement returned a row: found, or (with RETURNING) changed one. */
export const hasRows = (query: Rows<unknown>): Effect.Effect<boolean> =>
  dieOnSqlError(Effect.map(query, (rows) => rows.length > 0))

/** A statement run for its effect alone. */
export const execute = (query: Effect.Effect<unknown, SqlError>): Effect.Effect<void> =>
  dieOnSqlError(Effect.asVoid(query))

/** Keys per `IN (...)` lookup: a page's worth, far below any driver's parameter limit. */
const maxKeysPerLookup = 100

/** Rows for a list of keys, one primary-key `IN` lookup per 100 distinct keys; no keys, no query. */
export const findAllByKeys = <K, A>(
  keys: ReadonlyArray<K>,
  lookup: (chunk: Array<K>) => Effect.Effect<ReadonlyArray<A>>
): Effect.Effect<ReadonlyArray<A>> => {
  const distinct = [...new Set(keys)]
  if (distinct.length === 0) return Effect.succeed([])
  const chunks: Array<Array<K>> = []
  for (let i = 0; i < distinct.length; i += maxKeysPerLookup) chunks.push(distinct.slice(i, i + maxKeysPerLookup))
  return Effect.map(Effect.forEach(chunks, lookup), (found) => found.flat())
}
