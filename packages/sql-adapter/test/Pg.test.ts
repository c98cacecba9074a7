/**
 * What Pg.layer adds to the client: the migrations (every key recorded, the
 * same as SQLite's) and the options it turns into connection settings.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Redacted } from "effect"
import * as Pg from "../src/Pg.js"
import { pgMigrations } from "../src/migrations/pg/index.js"
import { sqliteMigrations } from "../src/migrations/sqlite/index.js"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"

describe("Pg.layer", () => {
  it("has a migration for every SQLite one, under the same key", () => {
    expect(Object.keys(pgMigrations)).toEqual(Object.keys(sqliteMigrations))
  })

  it.effect("migrates a new database to the last migration", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const rows = yield* sql<{ readonly name: string }>`SELECT name FROM effect_sql_migrations ORDER BY migration_id`
      expect(rows.map((row) => row.name)).toEqual(Object.keys(pgMigrations).map((key) => key.slice(5)))
    }).pipe(Effect.provide(TempDatabasePg.layerWith({}))))

  it.effect("sets the statement timeout on every connection, and the server enforces it", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const [setting] = yield* sql<{ readonly statement_timeout: string }>`SHOW statement_timeout`
      expect(setting?.statement_timeout).toBe("200ms")
      const slow = yield* Effect.exit(sql`SELECT pg_sleep(5)`)
      expect(Exit.isFailure(slow)).toBe(true)
    }).pipe(Effect.provide(TempDatabasePg.layerWith({ statementTimeoutMs: 200, maxConnections: 2 }))))

  it("adds the timeout to the URL's startup options, keeping any there", () => {
    const plain = Pg.withStatementTimeout(Redacted.make("postgres://u@h:5432/db"), 1500)
    expect(new URL(Redacted.value(plain)).searchParams.get("options")).toBe("-c statement_timeout=1500")
    const kept = Pg.withStatementTimeout(Redacted.make("postgres://u@h/db?options=-c%20search_path%3Dx"), 10)
    expect(new URL(Redacted.value(kept)).searchParams.get("options")).toBe("-c search_path=x -c statement_timeout=10")
    const none = Redacted.make("postgres://u@h/db")
    expect(Pg.withStatementTimeout(none, undefined)).toBe(none)
  })
})
