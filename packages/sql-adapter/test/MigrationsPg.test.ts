/**
 * Servers started together on one fresh PostgreSQL database: their
 * migrations take turns (an advisory lock), so every one comes up and each
 * migration is recorded once.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Pg from "../src/Pg.js"
import { pgMigrations } from "../src/migrations/pg/index.js"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"

const recorded = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) => sql<{ readonly migration_id: number }>`SELECT migration_id FROM effect_sql_migrations`
)

describe("Migrations.layerPg", () => {
  it.live("four pools migrating one fresh database at once all succeed, a pool of one included", () =>
    Effect.gen(function*() {
      const url = yield* TempDatabasePg.url
      const opens = [1, 2, 2, 4].map((maxConnections) =>
        recorded.pipe(Effect.provide(Layer.fresh(Pg.layer({ url, maxConnections }))))
      )
      const results = yield* Effect.all(opens, { concurrency: "unbounded" })
      for (const rows of results) expect(rows).toHaveLength(Object.keys(pgMigrations).length)
    }).pipe(Effect.scoped))
})
