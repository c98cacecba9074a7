/**
 * What `CopySqliteToPg` copies, stated once: every table of the schema in
 * foreign-key order, and the tables it leaves out on purpose. The copy
 * compares this plan with both databases before it writes anything, so a
 * table added by a later migration stops the copy with a message instead of
 * being silently forgotten.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { pgMigrations } from "./migrations/pg/index.js"
import { sqliteMigrations } from "./migrations/sqlite/index.js"

/** The copy will not start: the databases or the plan are not what it expects. Nothing was written. */
export class CopyRefused extends Schema.TaggedError<CopyRefused>()("CopyRefused", { reason: Schema.String }) {
  override get message() {
    return this.reason
  }
}

/**
 * The order rows of one table are read in. A row that refers to another row
 * of its own table must come after it, so such tables are copied one level
 * at a time: `ParentIsNull` copies the rows whose `column` is null first
 * (an agent's owner is a human, who has no owner), `Depth` copies level 0,
 * then 1, and so on (a reply's depth is its parent's plus one).
 */
export type Levels =
  | { readonly _tag: "ParentIsNull"; readonly column: string }
  | { readonly _tag: "Depth"; readonly column: string }

export interface CopiedTable {
  readonly name: string
  readonly levels?: Levels
}

/** Every table, each after the tables it refers to. */
export const copiedTables: ReadonlyArray<CopiedTable> = [
  { name: "users", levels: { _tag: "ParentIsNull", column: "owner_id" } },
  { name: "agent_heartbeats" },
  { name: "channels" },
  { name: "channel_moderators" },
  { name: "subscriptions" },
  { name: "posts" },
  { name: "comments", levels: { _tag: "Depth", column: "depth" } },
  { name: "post_votes" },
  { name: "comment_votes" },
  { name: "runs" },
  { name: "follows" },
  { name: "outbox" },
  { name: "notifications" },
  { name: "rate_limits" },
  { name: "idempotency_keys" },
  { name: "webhooks" },
  { name: "webhook_deliveries" }
]

/**
 * SQLite's FTS5 search indexes (and the shadow tables FTS5 keeps for each,
 * named after it): PostgreSQL's search is a generated tsvector column,
 * computed from the copied rows as they are inserted.
 */
export const derivedTables: ReadonlyArray<string> = [
  "posts_search",
  "comments_search",
  "channels_search",
  "users_search"
]

/** Each database keeps its own record of the migrations it ran. */
export const migrationsTable = "effect_sql_migrations"

const isShadowOfDerived = (name: string) => derivedTables.some((derived) => name.startsWith(`${derived}_`))

// sqlite_sequence (AUTOINCREMENT's high-water marks) is read for the identity
// columns; sqlite_stat* are ANALYZE's. Neither is data of the application.
const isSqliteInternal = (name: string) => name.startsWith("sqlite_")

const planned = new Set(copiedTables.map((table) => table.name))

const refuse = (reason: string) => Effect.fail(new CopyRefused({ reason }))

/** The SQLite tables outside the plan and not skipped on purpose, then the planned ones it lacks. */
export const checkSqliteTables = (tables: ReadonlyArray<string>): Effect.Effect<void, CopyRefused> => {
  const unknown = tables.filter((name) =>
    !planned.has(name) && !derivedTables.includes(name) && !isShadowOfDerived(name) && !isSqliteInternal(name) &&
    name !== migrationsTable
  )
  if (unknown.length > 0) {
    return refuse(
      `the SQLite database has tables the copy does not know: ${unknown.join(", ")}; ` +
        "add them to copiedTables (or derivedTables) in packages/sql-adapter/src/CopyPlan.ts"
    )
  }
  const missing = copiedTables.filter((table) => !tables.includes(table.name)).map((table) => table.name)
  return missing.length > 0
    ? refuse(`the SQLite database lacks the tables ${missing.join(", ")}: is it a Holonet database?`)
    : Effect.void
}

/** The PostgreSQL tables must be the plan's and the migrations' record, no more, no less. */
export const checkPgTables = (tables: ReadonlyArray<string>): Effect.Effect<void, CopyRefused> => {
  const unknown = tables.filter((name) => !planned.has(name) && name !== migrationsTable)
  const missing = copiedTables.filter((table) => !tables.includes(table.name)).map((table) => table.name)
  if (unknown.length > 0) {
    return refuse(`the PostgreSQL database has tables the copy does not know: ${unknown.join(", ")}`)
  }
  return missing.length > 0
    ? refuse(`the PostgreSQL database lacks the tables ${missing.join(", ")} after its migrations`)
    : Effect.void
}

/**
 * Each table's foreign keys (SQLite's `pragma_foreign_key_list`) point only
 * at tables earlier in the plan, or at the table itself when it is copied
 * by levels.
 */
export const checkForeignKeyOrder = (
  source: SqlClient.SqlClient
): Effect.Effect<void, CopyRefused | SqlError> =>
  Effect.forEach(copiedTables, (table, index) =>
    Effect.gen(function*() {
      const references = yield* source<{ readonly table: string }>`
        SELECT DISTINCT "table" FROM pragma_foreign_key_list(${table.name})`
      const earlier = new Set(copiedTables.slice(0, index).map((t) => t.name))
      for (const { table: referenced } of references) {
        if (referenced === table.name ? table.levels === undefined : !earlier.has(referenced)) {
          return yield* refuse(
            `copiedTables in CopyPlan.ts copies ${table.name} before ${referenced}, which it refers to`
          )
        }
      }
    }), { discard: true })

const latestOf = (migrations: Record<string, unknown>) =>
  Math.max(...Object.keys(migrations).map((key) => Number.parseInt(key.slice(0, 4), 10)))

/** The newest migration this version of the code has, per dialect (the same number in both). */
export const latestSqliteMigration = latestOf(sqliteMigrations)
export const latestPgMigration = latestOf(pgMigrations)

/**
 * The source must be at this version's schema: the copy reads it without
 * changing it, so an older database is migrated first by starting this
 * version's server on it once (it migrates on open).
 */
export const checkSourceVersion = (recorded: number | null): Effect.Effect<void, CopyRefused> =>
  recorded === null
    ? refuse(`the SQLite database has no ${migrationsTable} table: is it a Holonet database?`)
    : recorded < latestSqliteMigration
    ? refuse(
      `the SQLite database is at migration ${recorded} and this version's schema is ${latestSqliteMigration}: ` +
        "start this version's server on it once (it migrates the file on start), stop it, then copy"
    )
    : recorded > latestSqliteMigration
    ? refuse(
      `the SQLite database is at migration ${recorded}, newer than this version (${latestSqliteMigration}): ` +
        "copy it with the version that wrote it"
    )
    : Effect.void

export const checkTargetVersion = (recorded: number | null): Effect.Effect<void, CopyRefused> =>
  recorded === latestPgMigration
    ? Effect.void
    : refuse(
      `the PostgreSQL database is at migration ${recorded ?? "none"}, expected ${latestPgMigration}: ` +
        "open it with Pg.layer (which migrates it) before copying"
    )
