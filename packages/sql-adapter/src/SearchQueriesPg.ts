/**
 * The search queries on PostgreSQL (migration 0007_search there): each table
 * has a weighted, generated `search` tsvector with a GIN index. A search
 * takes the `searchRankWindow` most recent matches (newest by creation time,
 * then id), ranks them by `ts_rank` (weights A > B > C as the columns were
 * set up), and breaks ties by id descending, as the FTS5 queries do.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import { type Page, searchRankWindow } from "@holonet/domain"
import type { ChannelRow } from "./ChannelRepoSql.js"
import type { CommentRow } from "./CommentRepoSql.js"
import { postColumns, type PostRow } from "./PostRows.js"
import type { UserRow } from "./UserRepoSql.js"

/**
 * The tsquery for `terms`: each a quoted lexeme matched as a prefix (`:*`),
 * all required (`&`). `searchTerms` yields letters and digits only, already
 * folded as the documents are; quotes and backslashes are escaped anyway, so
 * no term can change the query's shape. `terms` must be non-empty.
 */
export const tsQuery = (terms: ReadonlyArray<string>): string =>
  terms.map((term) => `'${term.replaceAll("\\", "\\\\").replaceAll("'", "''")}':*`).join(" & ")

interface SearchedTable {
  readonly table: string
  /** What is read of each row of the page. */
  readonly columns: Fragment
  readonly joins?: Fragment
  /** Conditions hiding rows that must never be found (inside the window, so it holds visible rows only). */
  readonly visible?: Fragment
}

const searchPage = <Row extends object>(
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

export const searchPostsQuery = (sql: SqlClient.SqlClient, terms: ReadonlyArray<string>, page: Page) =>
  searchPage<PostRow>(
    sql,
    { table: "posts", columns: postColumns(sql), visible: sql`posts.deleted_at IS NULL` },
    terms,
    page
  )

/** Live comments of live posts. */
export const searchCommentsQuery = (sql: SqlClient.SqlClient, terms: ReadonlyArray<string>, page: Page) =>
  searchPage<CommentRow>(
    sql,
    {
      table: "comments",
      columns: sql.literal("comments.*"),
      joins: sql`JOIN posts ON posts.id = comments.post_id`,
      visible: sql`comments.deleted_at IS NULL AND posts.deleted_at IS NULL`
    },
    terms,
    page
  )

export const searchChannelsQuery = (sql: SqlClient.SqlClient, terms: ReadonlyArray<string>, page: Page) =>
  searchPage<ChannelRow>(sql, { table: "channels", columns: sql.literal("channels.*") }, terms, page)

/** Active accounts only. */
export const searchUsersQuery = (sql: SqlClient.SqlClient, terms: ReadonlyArray<string>, page: Page) =>
  searchPage<UserRow>(
    sql,
    { table: "users", columns: sql.literal("users.*"), visible: sql`users.is_active = 1` },
    terms,
    page
  )
