/**
 * Two server processes on one SQLite file (WAL) in a temporary directory,
 * removed afterwards: the multi-process suite of MultiProcessSuite.ts.
 */
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { Effect, Layer } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { multiProcessSuite } from "./MultiProcessSuite.js"

const tempFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "holonet-processes-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "holonet.db")))

multiProcessSuite(
  "SQLite",
  2,
  Effect.map(tempFile, (filename) => ({
    databaseUrl: `sqlite:${filename}`,
    // Read-only: the check must not write to the file it checks.
    inspect: Layer.orDie(SqliteClient.layer({ filename, readonly: true })),
    isSqliteFile: true
  }))
)
