/**
 * The search queries on PostgreSQL (migration 0007_search there): each table
 * has a weighted, generated `search` tsvector with a GIN index. A search
 * takes the `searchRankWindow` most recent matches (newest by creation time,
 * then id), ranks them by `ts_rank` (weights A > B > C as the columns were
 * set up), and breaks ties by id descending, as the FTS5 queries do.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import { type Page, searchRankWindow } from "@holonet/domain"
import type { SearchedTable } from "./SearchedTables.js"

/**
 * The tsquery for `terms`: each a quoted lexeme matched as a prefix (`:*`),
 * all required (`&`). `searchTerms` yields letters and digits only, already
 * folded as the documents are; quotes and backslashes are escaped anyway, so
 * no term can change the query's shape. `terms` must be non-empty.
 */
export const tsQuery = (terms: ReadonlyArray<string>): string =>
  terms.map((term) => `'${term.replaceAll("\\", "\\\\").replaceAll("'", "''")}':*`).join(" & ")

/** One page of a search of `searched` on PostgreSQL. */
export const searchPage = <Row extends object>(
  sql: SqlClient.SqlClient,
  searched: SearchedTable,
  terms: ReadonlyArray<string>,
  page: Page
) => {
  const table = sql(searched.table)
  const query = tsQuery(terms)
  const visible = searched.visible === undefined ? sql.literal("") : sql`AND ${searched.visible}`
  return sql<Row>`SELECT ${searched.columns} FROM (
      SELECT ${table}.id AS id FROM ${table}
      ${searched.joins ?? sql.literal("")}
      WHERE ${table}.search @@ ${query}::tsquery ${visible}
      ORDER BY ${table}.created_at DESC, ${table}.id DESC LIMIT ${searchRankWindow}
    ) AS recent
    JOIN ${table} ON ${table}.id = recent.id
    ORDER BY ts_rank(${table}.search, ${query}::tsquery) DESC, ${table}.id DESC
    LIMIT ${page.limit} OFFSET ${page.offset}`
}
