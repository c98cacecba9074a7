/**
 * The PostgreSQL store: a connection pool on `url` and the schema migrated
 * on open. The repositories run on it unchanged (the same SqlClient tag as
 * Sqlite.layer); where the dialects differ they choose with
 * `sql.onDialectOrElse`. Rows keep the SQLite column names (no name
 * transforms, as Sqlite.layer), and int8 values (epoch-millisecond times,
 * counts, outbox ids) arrive as strings, which the row mappers convert.
 */
import type { SqlError } from "@effect/sql/SqlError"
import type * as SqlClient from "@effect/sql/SqlClient"
import type { MigrationError } from "@effect/sql/Migrator"
import * as PgClient from "@effect/sql-pg/PgClient"
import { Layer, Redacted } from "effect"
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

/** A migrated PostgreSQL database. */
export const layer = (
  options: PgOptions
): Layer.Layer<SqlClient.SqlClient | PgClient.PgClient, SqlError | MigrationError> =>
  Migrations.layerPg.pipe(
    Layer.provideMerge(PgClient.layer({
      url: withStatementTimeout(options.url, options.statementTimeoutMs),
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections })
    }))
  )
