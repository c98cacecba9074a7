/**
 * A migrated PostgreSQL database of its own for each build of the layer:
 * created through a short-lived admin connection, dropped when the scope
 * closes, so tests never see each other's rows. The server is `PG_URL` (or
 * `DATABASE_TEST_URL`), by default the local test server.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type { Scope } from "effect"
import { randomUUID } from "node:crypto"
import { Pg } from "@holonet/sql-adapter"

export const adminUrl = process.env["PG_URL"] ?? process.env["DATABASE_TEST_URL"] ??
  "postgres://postgres@127.0.0.1:5432/test"

/** `adminUrl` pointing at `database` instead. */
const urlOf = (database: string): string => {
  const parsed = new URL(adminUrl)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** Runs `f` on a one-connection client to the admin database, closed afterwards. */
const withAdmin = <A>(
  f: (sql: SqlClient.SqlClient) => Effect.Effect<A, SqlError>
): Effect.Effect<A, SqlError> =>
  Effect.flatMap(SqlClient.SqlClient, f).pipe(
    Effect.provide(PgClient.layer({ url: Redacted.make(adminUrl), maxConnections: 1 }))
  )

/**
 * The URL of a new, empty database, dropped (with any connection left) when
 * the scope closes: for a test that opens the database itself, as the
 * server does from DATABASE_URL.
 */
export const url: Effect.Effect<Redacted.Redacted, SqlError, Scope.Scope> = Effect.gen(function*() {
  const name = `holonet_test_${randomUUID().replaceAll("-", "")}`
  yield* Effect.acquireRelease(
    withAdmin((sql) => sql`CREATE DATABASE ${sql(name)}`),
    () => withAdmin((sql) => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`).pipe(Effect.orDie)
  )
  return Redacted.make(urlOf(name))
})

/** Pg.layer with `options` on a new database per build (see `url`). */
export const layerWith = (options: Omit<Pg.PgOptions, "url">) =>
  Layer.unwrapScoped(Effect.map(url, (database) => Pg.layer({ ...options, url: database })))

/** A pool of four connections, enough for a repository suite's concurrent cases. */
export const layer = layerWith({ maxConnections: 4 })
