/**
 * The PostgreSQL store: a connection pool on `url` and the schema migrated
 * on open. The repositories run on it unchanged (the same SqlClient tag as
 * Sqlite.layer); where the dialects differ they choose with
 * `sql.onDialectOrElse`. Rows keep the SQLite column names (no name
 * transforms, as Sqlite.layer), and int8 values (epoch-millisecond times,
 * counts, outbox ids) arrive as strings, which the row mappers convert.
 */
import { SqlError } from "@effect/sql/SqlError"
import * as SqlClient from "@effect/sql/SqlClient"
import type { MigrationError } from "@effect/sql/Migrator"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Migrations from "./Migrations.js"

export interface PgOptions {
  readonly url: Redacted.Redacted
  /** The pool's size (pg's default, 10, when absent). */
  readonly maxConnections?: number | undefined
  /** A statement running longer is cancelled by the server; none when absent. */
  readonly statementTimeoutMs?: number | undefined
}

/**
 * `url` with the server-side statement timeout added as a startup option,
 * the way node-postgres passes `options` to every connection of the pool.
 */
export const withStatementTimeout = (url: Redacted.Redacted, timeoutMs: number | undefined): Redacted.Redacted => {
  if (timeoutMs === undefined) return url
  const parsed = new URL(Redacted.value(url))
  const setting = `-c statement_timeout=${Math.max(0, Math.floor(timeoutMs))}`
  const existing = parsed.searchParams.get("options")
  parsed.searchParams.set("options", existing === null ? setting : `${existing} ${setting}`)
  return Redacted.make(parsed.toString())
}

/** serialization_failure and deadlock_detected: the transaction lost a race and may simply run again. */
const retriableCodes: ReadonlySet<string> = new Set(["40001", "40P01"])

export const isRetriable = (error: unknown): boolean =>
  error instanceof SqlError && typeof error.cause === "object" && error.cause !== null && "code" in error.cause &&
  typeof error.cause.code === "string" && retriableCodes.has(error.cause.code)

// A few quick, jittered attempts: the other transaction has usually
// committed by then, and a caller waiting longer is better served by an error.
const retrySchedule = Schedule.exponential("5 millis").pipe(
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(5))
)

/**
 * The pool's client, with outermost transactions run again when PostgreSQL
 * aborts them as a deadlock victim or a serialization failure, so that a
 * race between requests is never answered with a 500. A nested transaction
 * (a savepoint) is not retried alone: the outer one is what must run again.
 * Replacing the method on the layer's own instance keeps the rest of it.
 */
const retryingTransactions = Layer.effectDiscard(
  Effect.map(PgClient.PgClient, (client) => {
    const once = client.withTransaction
    const withTransaction = <R, E, A>(effect: Effect.Effect<A, E, R>) =>
      Effect.flatMap(Effect.serviceOption(SqlClient.TransactionConnection), (outer) =>
        Option.isSome(outer)
          ? once(effect)
          : once(effect).pipe(Effect.retry({ while: isRetriable, schedule: retrySchedule })))
    Object.assign(client, { withTransaction })
  })
)

/** A migrated PostgreSQL database. */
export const layer = (
  options: PgOptions
): Layer.Layer<SqlClient.SqlClient | PgClient.PgClient, SqlError | MigrationError> =>
  Migrations.layerPg.pipe(
    Layer.provideMerge(retryingTransactions.pipe(Layer.provideMerge(PgClient.layer({
      url: withStatementTimeout(options.url, options.statementTimeoutMs),
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections })
    }))))
  )
