/**
 * The search index and the outbox, for `pnpm check-db` (Invariants.ts).
 *
 * SQLite: each FTS5 index (migration 0007) must hold exactly one entry per
 * searchable row (live posts and comments, every channel, active users), by
 * rowid. The indexes are contentless, so an entry's words can't be read
 * back: what is checked is that the right rows are in and no other; the
 * repair rebuilds every index from its base table (`rebuildSearchIndex`).
 * PostgreSQL: each `search` column must equal the expression it is
 * generated from (computed here as migration 0007 writes it); a repair
 * rewrites the rows concerned, which recomputes the column.
 *
 * The outbox: an entry no worker has claimed for `staleMillis` after it was
 * written, or whose claim ended `staleMillis` ago, is stuck (no worker is
 * running, or one keeps failing on it). Nothing is repaired there: the
 * notification worker delivers it once it runs.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import { rebuildSearchIndex } from "./SearchRepoSql.js"

export interface SearchMismatchRow {
  readonly table: string
  readonly id: string
  readonly stored: string
  readonly expected: string
}

type Searched = "posts" | "comments" | "channels" | "users"

/** Which rows of each table are indexed on SQLite (the triggers' conditions). */
const indexedRows: Record<Searched, string> = {
  posts: "SELECT rowid, id FROM posts WHERE deleted_at IS NULL",
  comments: "SELECT rowid, id FROM comments WHERE deleted_at IS NULL",
  channels: "SELECT rowid, id FROM channels",
  users: "SELECT rowid, id FROM users WHERE is_active = 1"
}

const sqliteMismatches = (sql: SqlClient.SqlClient) =>
  Effect.forEach(
    Object.entries(indexedRows),
    ([table, rows]) =>
      sql<SearchMismatchRow>`SELECT ${`${table}_search`} AS ${sql("table")}, base.id AS id,
        'absent' AS stored, 'indexed' AS expected
      FROM (${sql.literal(rows)}) AS base
      WHERE base.rowid NOT IN (SELECT rowid FROM ${sql(`${table}_search`)})
      UNION ALL
      SELECT ${`${table}_search`}, 'rowid ' || entry.rowid, 'indexed', 'absent'
      FROM ${sql(`${table}_search`)} AS entry
      WHERE entry.rowid NOT IN (SELECT rowid FROM (${sql.literal(rows)}) AS live)`
  ).pipe(
    Effect.map((lists) => lists.flat())
  )

const weighted = (column: string, weight: "A" | "B" | "C") =>
  `setweight(to_tsvector('simple', holonet_search_text(${column})), '${weight}')`

/** Migration 0007's generated expressions, and a column whose rewrite recomputes them. */
const generated: Record<Searched, { readonly expression: string; readonly touch: string }> = {
  posts: { expression: `${weighted("title", "A")} || ${weighted("content", "B")}`, touch: "title" },
  comments: { expression: weighted("content", "B"), touch: "content" },
  channels: {
    expression: `${weighted("name", "A")} || ${weighted("title", "B")} || ${weighted("description", "C")}`,
    touch: "title"
  },
  users: {
    expression: `${weighted("username", "A")} || ${weighted("display_name", "B")} || ${weighted("bio", "C")} || ${
      weighted("description", "C")
    }`,
    touch: "username"
  }
}

const pgMismatches = (sql: SqlClient.SqlClient) =>
  Effect.forEach(
    Object.entries(generated),
    ([table, { expression }]) =>
      sql<SearchMismatchRow>`SELECT ${`${table}.search`} AS ${sql("table")}, id,
        'out of date' AS stored, 'as generated' AS expected
      FROM ${sql(table)} WHERE search IS DISTINCT FROM (${sql.literal(expression)})`
  ).pipe(
    Effect.map((lists) => lists.flat())
  )

/** Entries missing from or left over in the search index, or out of date. */
export const findSearchMismatches = (sql: SqlClient.SqlClient) =>
  sql.onDialectOrElse({ pg: () => pgMismatches(sql), orElse: () => sqliteMismatches(sql) })

/** Puts the search index back in step with the rows. */
export const repairSearch = (sql: SqlClient.SqlClient) =>
  sql.onDialectOrElse({
    pg: () =>
      Effect.forEach(Object.entries(generated), ([table, { expression, touch }]) =>
        sql`UPDATE ${sql(table)} SET ${sql(touch)} = ${sql(touch)}
          WHERE search IS DISTINCT FROM (${sql.literal(expression)})`, { discard: true }),
    orElse: () =>
      Effect.provideService(rebuildSearchIndex, SqlClient.SqlClient, sql)
  })

export interface OutboxRow {
  readonly id: number | string
  readonly created_at: number | string
  readonly claimed_until: number | string | null
}

/** Outbox entries left undelivered for `staleMillis` or more at `now`. */
export const findStuckOutbox = (sql: SqlClient.SqlClient, now: number, staleMillis: number) =>
  sql<OutboxRow>`SELECT id, created_at, claimed_until FROM outbox
    WHERE (claimed_until IS NULL AND created_at < ${now - staleMillis})
      OR claimed_until < ${now - staleMillis}
    ORDER BY id`
