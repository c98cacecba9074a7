/**
 * What a search reads from each searchable table, whatever the dialect: the
 * base table, the columns of a result row, and the joins and conditions that
 * hide rows which must never be found. The dialects differ only in how they
 * match and rank (FTS5 in SearchRepoSql, tsvector in SearchQueriesPg).
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import { postColumns } from "./PostRows.js"

export type SearchKind = "posts" | "comments" | "channels" | "users"

export interface SearchedTable {
  readonly table: SearchKind
  /** What is read of each row of the page. */
  readonly columns: Fragment
  readonly joins?: Fragment
  /** Conditions hiding rows that must never be found. */
  readonly visible?: Fragment
}

export const searchedTables = (sql: SqlClient.SqlClient): { readonly [K in SearchKind]: SearchedTable } => ({
  posts: { table: "posts", columns: postColumns(sql), visible: sql`posts.deleted_at IS NULL` },
  // Live comments of live posts.
  comments: {
    table: "comments",
    columns: sql.literal("comments.*"),
    joins: sql`JOIN posts ON posts.id = comments.post_id`,
    visible: sql`comments.deleted_at IS NULL AND posts.deleted_at IS NULL`
  },
  channels: { table: "channels", columns: sql.literal("channels.*") },
  // Active accounts only.
  users: { table: "users", columns: sql.literal("users.*"), visible: sql`users.is_active = 1` }
})
