/**
 * A migrated PostgreSQL database of its own for each build of the layer:
 * created through a short-lived admin connection, dropped when the scope
 * closes, so tests never see each other's rows. The server is `PG_URL` (or
 * `DATABASE_TEST_URL`), by default the local test server.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as PgClient from "@effect/sql-pg/PgClient"
import { Effect, Layer, Redacted } from "effect"
import { randomUUID } from "node:crypto"
import * as Pg from "../src/Pg.js"

export const adminUrl = process.env["PG_URL"] ?? process.env["DATABASE_TEST_URL"] ??
  "postgres://postgres@127.0.0.1:5432/test"

/** `adminUrl` pointing at `database` instead. */
const urlOf = (database: string): string => {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}

/** Runs `f` on a one-connection client to the admin database, closed afterwards. */
const withAdmin = <A>(
  f: (sql: SqlClient.SqlClient) => Effect.Effect<A, SqlError>
): Effect.Effect<A, SqlError> =>
  Effect.flatMap(SqlClient.SqlClient, f).pipe(
    Effect.provide(PgClient.layer({ url: Redacted.make(adminUrl), maxConnections: 1 }))
  )

/**
 * Pg.layer with `options` on a new database per build, dropped (with any
 * connection left) when released.
 */
export const layerPgTempDatabaseWith = (options: Omit<Pg.PgOptions, "url">) =>
  Layer.unwrapScoped(Effect.gen(function*() {
    const name = `holonet_test_${randomUUID().replaceAll("-", "")}`
    yield* Effect.acquireRelease(
      withAdmin((sql) => sql`CREATE DATABASE ${sql(name)}`),
      () => withAdmin((sql) => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`).pipe(Effect.orDie)
    )
    return Pg.layer({ ...options, url: Redacted.make(urlOf(name)) })
  }))

export const layerPgTempDatabase = layerPgTempDatabaseWith({ maxConnections: 4 })
