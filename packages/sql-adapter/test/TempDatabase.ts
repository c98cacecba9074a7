/** A migrated SQLite database in a fresh temporary file, deleted when its scope closes. */
import { Effect, Layer } from "effect"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Sqlite from "../src/Sqlite.js"

/** The path of a database file in a new temporary directory, removed with the scope. */
export const tempDatabaseFile = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "holonet-sql-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "holonet.db")))

/**
 * Sqlite.layer on a new file per build. The directory is acquired first, so it
 * is removed after the connection (and its -wal/-shm files) is closed.
 */
export const layerSqliteTempFile = Layer.unwrapScoped(Effect.map(tempDatabaseFile, Sqlite.layer))
