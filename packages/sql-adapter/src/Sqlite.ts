/**
 * The embedded store: one SQLite database (a file in WAL mode, or `:memory:`
 * for tests), its connection settings, and the schema migrated on open.
 */
import type { SqlError } from "@effect/sql/SqlError"
import * as SqlClient from "@effect/sql/SqlClient"
import type { MigrationError } from "@effect/sql/Migrator"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { Effect, Layer } from "effect"
import * as Migrations from "./Migrations.js"

/**
 * Settings SQLite keeps per connection, so they are applied each time the
 * client opens its connection (the client holds exactly one).
 * - synchronous NORMAL: with WAL a crash can lose the last commits but never
 *   corrupts the file, and commits skip an fsync each.
 * - foreign_keys: off by default in SQLite; the schema relies on them.
 * - busy_timeout: wait for another process's write lock instead of failing
 *   with SQLITE_BUSY at once.
 */
const connectionSettings = Layer.effectDiscard(
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`PRAGMA synchronous = NORMAL`
    yield* sql`PRAGMA foreign_keys = ON`
    yield* sql`PRAGMA busy_timeout = 5000`
  })
)

// An in-memory database has no journal file to put in WAL mode.
const isInMemory = (filename: string) => filename === ":memory:" || filename === ""

/**
 * A migrated SQLite database at `filename`. WAL journaling is the client's
 * default for files; `:memory:` gives a fresh, private database per build.
 */
export const layer = (
  filename: string
): Layer.Layer<SqlClient.SqlClient | SqliteClient.SqliteClient, SqlError | MigrationError> =>
  Migrations.layer.pipe(
    // Settings first: foreign keys must be on before migrations and data.
    Layer.provide(connectionSettings),
    Layer.provideMerge(
      // `layer` takes plain options, so its declared ConfigError can't occur.
      SqliteClient.layer({ filename, disableWAL: isInMemory(filename) }).pipe(Layer.orDie)
    )
  )

/**
 * The SQLite database at `filename` opened read-only and left as it is (no
 * migrations, no journal-mode change): for tools that only read it, such as
 * the copy to PostgreSQL. A missing file fails when the layer is built.
 */
export const layerReadOnly = (
  filename: string
): Layer.Layer<SqlClient.SqlClient | SqliteClient.SqliteClient> =>
  SqliteClient.layer({ filename, readonly: true, disableWAL: true }).pipe(Layer.orDie)
