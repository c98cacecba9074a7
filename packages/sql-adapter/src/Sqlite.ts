/**
 * The embedded store: one SQLite database (a file in WAL mode, or `:memory:`
 * for tests), its connection settings, and the schema migrated on open.
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import type { SqlError } from "@effect/sql/SqlError"
import * as SqlClient from "@effect/sql/SqlClient"
import type { MigrationError } from "@effect/sql/Migrator"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as Migrations from "./Migrations.js"

/**
 * Settings SQLite keeps per connection, so they are applied each time the
 * client opens its connection (the client holds exactly one).
 * - synchronous NORMAL: with WAL a crash can lose the last commits but never
 *   corrupts the file, and commits skip an fsync each.
 * - foreign_keys: off by default in SQLite; the schema relies on them.
 * - busy_timeout: wait for another process's write lock instead of failing
 *   with SQLITE_BUSY at once (10 s: several workers queue for it under load).
 */
const connectionSettings = Layer.effectDiscard(
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`PRAGMA synchronous = NORMAL`
    yield* sql`PRAGMA foreign_keys = ON`
    yield* sql`PRAGMA busy_timeout = 10000`
  })
)

/**
 * The driver's client, with transactions that take the write lock when they
 * begin (`BEGIN IMMEDIATE`). The driver's deferred `BEGIN` reads first and
 * asks for the lock at the first write; if another process (WORKERS > 1)
 * committed in between, SQLite fails that write with SQLITE_BUSY at once,
 * whatever busy_timeout says, because waiting could not help the stale
 * snapshot. Taking the lock up front makes busy_timeout apply instead. In one
 * process transactions already queue on the client's single connection, so
 * this costs nothing there; statements outside transactions are unchanged.
 */
const makeClient = (options: SqliteClient.SqliteClientConfig) =>
  Effect.map(SqliteClient.make(options), (client) => {
    const withTransaction = SqlClient.makeWithTransaction({
      transactionTag: SqlClient.TransactionConnection,
      spanAttributes: [["db.system.name", "sqlite"]],
      // `reserve` is the driver's transaction acquirer: the one connection,
      // held until the scope closes.
      acquireConnection: Effect.flatMap(
        Scope.make(),
        (scope) => Effect.map(Scope.extend(client.reserve, scope), (conn) => [scope, conn] as const)
      ),
      // The fixed statements go through the driver's statement cache: preparing
      // them afresh showed in every write's profile. Savepoint names vary, so
      // those stay unprepared.
      begin: (conn) => conn.execute("BEGIN IMMEDIATE", [], undefined),
      savepoint: (conn, id) => conn.executeUnprepared(`SAVEPOINT effect_sql_${id}`, [], undefined),
      commit: (conn) => conn.execute("COMMIT", [], undefined),
      rollback: (conn) => conn.execute("ROLLBACK", [], undefined),
      rollbackSavepoint: (conn, id) => conn.executeUnprepared(`ROLLBACK TO SAVEPOINT effect_sql_${id}`, [], undefined)
    })
    // The client is this layer's own instance, so replacing its method in
    // place keeps every other part of it (`safe` points at itself).
    return Object.assign(client, { withTransaction })
  })

const layerClient = (options: SqliteClient.SqliteClientConfig) =>
  Layer.scopedContext(
    Effect.map(makeClient(options), (client) =>
      Context.make(SqliteClient.SqliteClient, client).pipe(Context.add(SqlClient.SqlClient, client)))
  ).pipe(Layer.provide(Reactivity.layer))

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
    Layer.provideMerge(layerClient({ filename, disableWAL: isInMemory(filename) }))
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
