/**
 * The schema migrations, run by @effect/sql's Migrator when the database
 * opens (each recorded in `effect_sql_migrations`, so it runs once). The
 * migrations themselves are under migrations/, one folder per dialect, with
 * the same numbering and keys.
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { pgMigrations } from "./migrations/pg/index.js"
import { sqliteMigrations } from "./migrations/sqlite/index.js"

/**
 * Brings a SQLite database up to the current schema. Processes opening one
 * file together queue on the migration transaction (Sqlite.ts begins
 * transactions IMMEDIATE), so the last ones find nothing left to do.
 */
export const layer = Layer.effectDiscard(
  Migrator.make({})({ loader: Migrator.fromRecord(sqliteMigrations) })
)

/** Any constant: the advisory lock every Holonet server takes to migrate. */
const migrationLockKey = 4_870_211_101

/**
 * Brings a PostgreSQL database up to the current schema, one server at a time:
 * servers started together on a fresh database would otherwise race to
 * create the migrations table (the loser fails). The whole run is one
 * transaction holding a transaction-level advisory lock, so the lock needs no
 * connection of its own (a pool of one is enough) and is released by commit,
 * rollback or a lost session. The Migrator probes for its table with a query
 * that fails when it is missing, which would abort the transaction, so the
 * table (the Migrator's own definition) is created first.
 */
export const layerPg = Layer.effectDiscard(
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql.withTransaction(
      Effect.gen(function*() {
        // DATABASE_STATEMENT_TIMEOUT_MS is for requests: waiting for another
        // server's migration, or rewriting a big table, may take longer.
        yield* sql`SET LOCAL statement_timeout = 0`
        yield* sql`SELECT pg_advisory_xact_lock(${migrationLockKey})`
        yield* sql`CREATE TABLE IF NOT EXISTS effect_sql_migrations (
          migration_id integer primary key,
          created_at timestamp with time zone not null default now(),
          name text not null
        )`
        return yield* Migrator.make({})({ loader: Migrator.fromRecord(pgMigrations) })
      })
    ))
)
