/**
 * The schema migrations, run by @effect/sql's Migrator when the database
 * opens (each recorded in `effect_sql_migrations`, so it runs once). The
 * migrations themselves are under migrations/, one folder per dialect, with
 * the same numbering and keys.
 */
import * as Migrator from "@effect/sql/Migrator"
import { Layer } from "effect"
import { pgMigrations } from "./migrations/pg/index.js"
import { sqliteMigrations } from "./migrations/sqlite/index.js"

/** Brings a SQLite database up to the current schema. */
export const layer = Layer.effectDiscard(
  Migrator.make({})({ loader: Migrator.fromRecord(sqliteMigrations) })
)

/** Brings a PostgreSQL database up to the current schema. */
export const layerPg = Layer.effectDiscard(
  Migrator.make({})({ loader: Migrator.fromRecord(pgMigrations) })
)
