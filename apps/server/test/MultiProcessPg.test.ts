/**
 * Three server processes on one PostgreSQL database (a database of its own
 * per test): the multi-process suite of MultiProcessSuite.ts.
 */
import { Pg } from "@holonet/sql-adapter"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { Effect, Redacted } from "effect"
import { multiProcessSuite } from "./MultiProcessSuite.js"

multiProcessSuite(
  "PostgreSQL",
  3,
  Effect.map(TempDatabasePg.url, (url) => ({
    databaseUrl: Redacted.value(url),
    inspect: Pg.layer({ url, maxConnections: 1 }),
    isSqliteFile: false
  }))
)
