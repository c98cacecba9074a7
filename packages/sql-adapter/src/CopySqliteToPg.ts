/**
 * Copies a Holonet SQLite database into an empty PostgreSQL one, both at
 * this version's schema: every table of `CopyPlan.copiedTables`, in
 * foreign-key order, in pages of rows keyed by SQLite's rowid (memory stays
 * bounded whatever the size), inside ONE transaction on PostgreSQL, so a
 * failure at any point leaves the target as empty as it was. The source is
 * only read, inside one read transaction, so a server writing to it at the
 * same time cannot make the copy inconsistent. Row counts are compared per
 * table before the commit.
 *
 * Values are checked against the PostgreSQL column's type rather than passed
 * blindly: integers (epoch milliseconds, counters, 0/1 flags) must be whole
 * numbers in the column's range, floats (ranks, latencies) finite numbers, text text. SQLite's
 * FTS5 tables are not copied: PostgreSQL's search columns are generated from
 * the copied rows. Identity columns (the outbox id) are copied with
 * OVERRIDING SYSTEM VALUE, and their sequence continues after the highest id
 * SQLite ever handed out (`sqlite_sequence`), not merely the highest left:
 * a delivered event's id is still named by its notifications.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type * as Statement from "@effect/sql/Statement"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as CopyPlan from "./CopyPlan.js"

/** The copy stopped part-way (a value PostgreSQL cannot take, or counts that differ); nothing was committed. */
export class CopyFailed extends Schema.TaggedError<CopyFailed>()("CopyFailed", { reason: Schema.String }) {
  override get message() {
    return this.reason
  }
}

export interface CopiedCount {
  readonly table: string
  readonly sourceRows: number
  readonly targetRows: number
}

export interface CopyOptions {
  readonly source: SqlClient.SqlClient
  readonly target: SqlClient.SqlClient
  /** Rows per INSERT (fewer when a table's columns would pass PostgreSQL's 65,535 parameters). */
  readonly batchSize?: number | undefined
}

interface PgColumn {
  readonly column_name: string
  readonly data_type: string
  readonly is_generated: string
  readonly is_identity: string
}

/** Each integer type's range: SQLite's INTEGER is 64 bits wherever it is declared, PostgreSQL's is 32. */
const integerRanges: Record<string, readonly [bigint, bigint]> = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n]
}
const floatTypes = new Set(["real", "double precision"])
const textTypes = new Set(["text", "character varying"])

/** The conversion for a PostgreSQL type, or undefined for a type the copy does not know. */
const converterFor = (dataType: string): ((value: unknown) => unknown | undefined) | undefined => {
  // SQLite's integers are read as bigints (exact past 2^53) and sent as text.
  const range = integerRanges[dataType]
  if (range !== undefined) {
    return (value) => {
      const integer = typeof value === "bigint"
        ? value
        : Number.isSafeInteger(value)
        ? BigInt(Number(value))
        : undefined
      return integer !== undefined && integer >= range[0] && integer <= range[1] ? integer.toString() : undefined
    }
  }
  if (floatTypes.has(dataType)) {
    return (value) =>
      typeof value === "number" && Number.isFinite(value)
        ? value
        : typeof value === "bigint"
        ? Number(value)
        : undefined
  }
  if (textTypes.has(dataType)) return (value) => typeof value === "string" ? value : undefined
  if (dataType === "boolean") {
    return (value) => value === 0n || value === 0 ? false : value === 1n || value === 1 ? true : undefined
  }
  return undefined
}

/** The TransactionConnection of one client must not reach the other's queries (the tag is shared). */
const outsideTransaction = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.mapInputContext(
    effect,
    (context: Context.Context<never>) => Context.omit(SqlClient.TransactionConnection)(context)
  )

/** Copies every planned table of `source` (SQLite) into the empty `target` (PostgreSQL). */
export const copy = (
  options: CopyOptions
): Effect.Effect<ReadonlyArray<CopiedCount>, CopyPlan.CopyRefused | CopyFailed | SqlError> => {
  const { source, target } = options
  const read = <A extends object>(statement: Effect.Effect<ReadonlyArray<A>, SqlError>) =>
    outsideTransaction(statement).pipe(Effect.provideService(SqlClient.SafeIntegers, true))

  const checkSchemas = Effect.gen(function*() {
    const sqliteTables = yield* read(source<{ readonly name: string }>`
      SELECT name FROM sqlite_master WHERE type = 'table'`)
    yield* CopyPlan.checkSqliteTables(sqliteTables.map((row) => row.name))
    yield* CopyPlan.checkForeignKeyOrder(source).pipe(outsideTransaction)
    const sourceVersion = yield* read(source<{ readonly latest: bigint | null }>`
      SELECT max(migration_id) AS latest FROM effect_sql_migrations`)
    yield* CopyPlan.checkSourceVersion(Number(sourceVersion[0]?.latest ?? 0))
    const pgTables = yield* target<{ readonly table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
    yield* CopyPlan.checkPgTables(pgTables.map((row) => row.table_name))
    const targetVersion = yield* target<{ readonly latest: number | null }>`
      SELECT max(migration_id) AS latest FROM effect_sql_migrations`
    yield* CopyPlan.checkTargetVersion(targetVersion[0]?.latest ?? null)
  })

  /** The columns to copy, with their conversions; both databases must have the same ones. */
  const columnsOf = (table: string) =>
    Effect.gen(function*() {
      const sqliteColumns = (yield* read(source<{ readonly name: string }>`
        SELECT name FROM pragma_table_info(${table})`)).map((row) => row.name)
      const pgColumns = (yield* target<PgColumn>`
        SELECT column_name, data_type, is_generated, is_identity FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table}
        ORDER BY ordinal_position`).filter((c) => c.is_generated === "NEVER")
      const onlySqlite = sqliteColumns.filter((name) => !pgColumns.some((c) => c.column_name === name))
      const onlyPg = pgColumns.filter((c) => !sqliteColumns.includes(c.column_name)).map((c) => c.column_name)
      if (onlySqlite.length > 0 || onlyPg.length > 0) {
        return yield* new CopyPlan.CopyRefused({
          reason: `table ${table} has different columns: only in SQLite [${onlySqlite.join(", ")}], ` +
            `only in PostgreSQL [${onlyPg.join(", ")}]`
        })
      }
      const columns = []
      for (const column of pgColumns) {
        const convert = converterFor(column.data_type)
        if (convert === undefined) {
          return yield* new CopyPlan.CopyRefused({
            reason: `column ${table}.${column.column_name} has the PostgreSQL type ${column.data_type}, ` +
              "which the copy does not convert yet (CopySqliteToPg.ts, converterFor)"
          })
        }
        columns.push({ name: column.column_name, convert, identity: column.is_identity === "YES" })
      }
      return columns
    })

  const checkTargetEmpty = Effect.forEach(CopyPlan.copiedTables, (table) =>
    Effect.gen(function*() {
      const rows = yield* target`SELECT 1 FROM ${target(table.name)} LIMIT 1`
      if (rows.length > 0) {
        return yield* new CopyPlan.CopyRefused({
          reason: `the PostgreSQL database already holds data (table ${table.name} has rows): ` +
            "the copy needs a database with no rows in any table"
        })
      }
    }), { discard: true })

  const copyTable = (table: CopyPlan.CopiedTable) =>
    Effect.gen(function*() {
      const columns = yield* columnsOf(table.name)
      const batch = Math.max(1, Math.min(options.batchSize ?? 1000, Math.floor(60_000 / columns.length)))
      const selected = source.join(", ", false)(columns.map((column) => source`${source(column.name)}`))
      const insertedColumns = target.join(", ", false)(columns.map((column) => target`${target(column.name)}`))
      const overriding = columns.some((column) => column.identity)
        ? target.literal("OVERRIDING SYSTEM VALUE")
        : target.literal("")

      const insert = (rows: ReadonlyArray<Record<string, unknown>>) =>
        Effect.gen(function*() {
          const tuples = []
          for (const row of rows) {
            const values = []
            for (const column of columns) {
              const raw = row[column.name]
              const value = raw === null ? null : column.convert(raw)
              if (value === undefined) {
                return yield* new CopyFailed({
                  reason: `${table.name}.${column.name} of row ${String(row["copy_rowid"])} holds ` +
                    `${typeof raw} ${String(raw)}, which PostgreSQL's column cannot take`
                })
              }
              values.push(target`${value}`)
            }
            tuples.push(target`(${target.join(", ", false)(values)})`)
          }
          yield* target`INSERT INTO ${target(table.name)} (${insertedColumns}) ${overriding}
            VALUES ${target.join(", ", false)(tuples)}`
        })

      const start: { readonly after: bigint | null } = { after: 0n }
      const copyLevel = (level: Statement.Fragment) =>
        Effect.iterate(start, {
          while: (state) => state.after !== null,
          body: ({ after }) =>
            Effect.gen(function*() {
              const rows = yield* read(source<Record<string, unknown>>`
                SELECT rowid AS copy_rowid, ${selected} FROM ${source(table.name)}
                WHERE ${level} AND rowid > ${after} ORDER BY rowid LIMIT ${batch}`)
              if (rows.length > 0) yield* insert(rows)
              const last = rows[rows.length - 1]
              return { after: rows.length < batch || last === undefined ? null : BigInt(String(last["copy_rowid"])) }
            })
        })

      const levels = yield* levelsOf(table)
      yield* Effect.forEach(levels, copyLevel, { discard: true })
      yield* resetIdentities(table.name, columns.filter((column) => column.identity).map((column) => column.name))
    })

  /** The WHERE clause of each level of `table`, in the order they are copied. */
  const levelsOf = (table: CopyPlan.CopiedTable) => {
    const levels = table.levels
    if (levels === undefined) return Effect.succeed([source.literal("1 = 1")])
    const column = source(levels.column)
    if (levels._tag === "ParentIsNull") {
      return Effect.succeed([source`${column} IS NULL`, source`${column} IS NOT NULL`])
    }
    return Effect.map(
      read(source<{ readonly level: bigint }>`
        SELECT DISTINCT ${column} AS level FROM ${source(table.name)} ORDER BY level`),
      (rows) => rows.map((row) => source`${column} = ${row.level}`)
    )
  }

  /** Each identity column's sequence continues after every id SQLite handed out. */
  const resetIdentities = (table: string, identities: ReadonlyArray<string>) =>
    Effect.forEach(identities, (column) =>
      Effect.gen(function*() {
        const hasSequences = yield* read(source`
          SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'`)
        const handedOut = hasSequences.length === 0 ? [] : yield* read(source<{ readonly seq: bigint }>`
          SELECT seq FROM sqlite_sequence WHERE name = ${table}`)
        const copied = yield* target<{ readonly highest: string | null }>`
          SELECT max(${target(column)})::text AS highest FROM ${target(table)}`
        const highest = [handedOut[0]?.seq ?? 0n, BigInt(copied[0]?.highest ?? "0")].reduce((a, b) => a > b ? a : b)
        if (highest > 0n) {
          yield* target`SELECT setval(pg_get_serial_sequence(${table}, ${column}), ${highest.toString()}::bigint)`
        }
      }), { discard: true })

  const countRows = Effect.forEach(CopyPlan.copiedTables, (table) =>
    Effect.gen(function*() {
      const sourceRows = yield* read(source<{ readonly n: bigint }>`SELECT count(*) AS n FROM ${source(table.name)}`)
      const targetRows = yield* target<{ readonly n: string }>`SELECT count(*) AS n FROM ${target(table.name)}`
      return {
        table: table.name,
        sourceRows: Number(sourceRows[0]?.n ?? 0n),
        targetRows: Number(targetRows[0]?.n ?? "0")
      }
    }))

  const copyAll = Effect.gen(function*() {
    yield* checkTargetEmpty
    for (const table of CopyPlan.copiedTables) {
      yield* copyTable(table)
      yield* Effect.logInfo(`copied ${table.name}`)
    }
    const counts = yield* countRows
    const differing = counts.filter((count) => count.sourceRows !== count.targetRows)
    if (differing.length > 0) {
      return yield* new CopyFailed({
        reason: `row counts differ after the copy: ${
          differing.map((c) => `${c.table} ${c.sourceRows} in SQLite, ${c.targetRows} in PostgreSQL`).join("; ")
        }`
      })
    }
    return counts
  })

  // One read transaction on the source's single connection, begun by hand:
  // withTransaction would put the source's connection in the context the
  // target's transaction uses too.
  const inSourceSnapshot = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.acquireUseRelease(
      read(source`BEGIN`),
      () => effect,
      () => read(source`COMMIT`).pipe(Effect.orDie)
    )

  return checkSchemas.pipe(
    Effect.zipRight(target.withTransaction(copyAll)),
    inSourceSnapshot
  )
}
