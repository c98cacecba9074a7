/**
 * SearchRepo on SQLite FTS5 (the indexes and triggers of migration
 * 0007_search), or on PostgreSQL's tsvector columns (SearchQueriesPg). On
 * SQLite each query matches in the contentless index, scores the most recent
 * `searchRankWindow` matches by bm25 with per-column weights, joins back to
 * the base table by rowid and breaks ties by id descending. The index already
 * leaves out deleted and deactivated rows; the queries filter them again so
 * that an index out of step (before a rebuild, say) can never show them.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { type Page, SearchRepo, searchRankWindow } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { toChannel } from "./ChannelRepoSql.js"
import { toComment } from "./CommentRepoSql.js"
import { toPost } from "./PostRows.js"
import { findAll } from "./Rows.js"
import { type SearchedTable, type SearchKind, searchedTables } from "./SearchedTables.js"
import * as SearchQueriesPg from "./SearchQueriesPg.js"
import { toUser } from "./UserRepoSql.js"

/**
 * The FTS5 query for `terms`: each term an FTS5 string with a prefix star,
 * joined by spaces (implicit AND). Inside a string FTS5 syntax (`NEAR`, `OR`,
 * `*`, `:`, `^`, parentheses) is plain text, so no term can change the query's
 * shape; a `"` is doubled, as FTS5 escapes it, although `searchTerms` never
 * produces one. A NUL would end FTS5's parse of the query mid-string (an
 * "unterminated string" error), so it becomes a space, which is only a word
 * separator. A string the tokenizer reduces to nothing simply matches
 * nothing. `terms` must be non-empty: an empty MATCH is a syntax error.
 */
export const matchExpression = (terms: ReadonlyArray<string>): string =>
  terms.map((term) => `"${term.replaceAll("\"", "\"\"").replaceAll("\u0000", " ")}"*`).join(" ")

/**
 * The candidates of a search: the `searchRankWindow` most recent matches in
 * `index` (rowids grow with insertion), each with its bm25 score (lower is
 * better: it is the negated score). Scoring is the expensive part, several
 * microseconds a match, so an unbounded common word (30,000 posts at
 * 100,000) would cost tens of milliseconds of one shared connection; the
 * rowid floor is found by walking the index's doclist, which needs no scores.
 * `scoring` is the bm25 call with the index's column weights.
 */
const candidates = (sql: SqlClient.SqlClient, index: string, scoring: string, terms: ReadonlyArray<string>) => {
  const table = sql(index)
  const match = matchExpression(terms)
  return sql`SELECT rowid AS doc, ${sql.literal(scoring)} AS score FROM ${table}
    WHERE ${table} MATCH ${match} AND rowid >= coalesce((SELECT rowid FROM ${table}
      WHERE ${table} MATCH ${match} ORDER BY rowid DESC LIMIT 1 OFFSET ${searchRankWindow - 1}), 0)`
}

/** The FTS5 index of each searchable table and its bm25 call with the column weights (as in the in-memory adapter). */
const ftsIndexes: { readonly [K in SearchKind]: { readonly index: string; readonly scoring: string } } = {
  // Title 3, content 1.
  posts: { index: "posts_search", scoring: "bm25(posts_search, 3.0, 1.0)" },
  comments: { index: "comments_search", scoring: "bm25(comments_search)" },
  // Name 3, title 2, description 1.
  channels: { index: "channels_search", scoring: "bm25(channels_search, 3.0, 2.0, 1.0)" },
  // Username 3, display name 2, bio 1, agent description 1.
  users: { index: "users_search", scoring: "bm25(users_search, 3.0, 2.0, 1.0, 1.0)" }
}

/**
 * The page of a search: the scored candidates ordered by score, ties by the
 * base table's id descending, paged over (rowid, score, id) only; full rows
 * are read for the page alone.
 */
const searchPage = <Row extends object>(
  sql: SqlClient.SqlClient,
  searched: SearchedTable,
  terms: ReadonlyArray<string>,
  page: Page
) => {
  const table = sql(searched.table)
  const { index, scoring } = ftsIndexes[searched.table]
  return sql<Row>`SELECT ${searched.columns} FROM (
      SELECT ${table}.rowid AS doc, found.score AS score, ${table}.id AS id
      FROM (${candidates(sql, index, scoring, terms)}) AS found
      JOIN ${table} ON ${table}.rowid = found.doc
      ${searched.joins ?? sql.literal("")}
      WHERE ${searched.visible ?? sql.literal("1 = 1")}
      ORDER BY found.score, ${table}.id DESC LIMIT ${page.limit} OFFSET ${page.offset}
    ) AS best
    JOIN ${table} ON ${table}.rowid = best.doc
    ORDER BY best.score, best.id DESC`
}

/**
 * Empties every search index and fills it again from the base tables, in one
 * transaction. Needed after a VACUUM, which may renumber the rowids the
 * indexes point at; harmless at any other time.
 */
export const rebuildSearchIndex = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) =>
    sql.withTransaction(Effect.gen(function*() {
      yield* sql`INSERT INTO posts_search (posts_search) VALUES ('delete-all')`
      yield* sql`INSERT INTO comments_search (comments_search) VALUES ('delete-all')`
      yield* sql`INSERT INTO channels_search (channels_search) VALUES ('delete-all')`
      yield* sql`INSERT INTO users_search (users_search) VALUES ('delete-all')`
      yield* sql`INSERT INTO posts_search (rowid, title, content)
      SELECT rowid, title, content FROM posts WHERE deleted_at IS NULL`
      yield* sql`INSERT INTO comments_search (rowid, content)
      SELECT rowid, content FROM comments WHERE deleted_at IS NULL`
      yield* sql`INSERT INTO channels_search (rowid, name, title, description)
      SELECT rowid, name, title, description FROM channels`
      yield* sql`INSERT INTO users_search (rowid, username, display_name, bio, description)
      SELECT rowid, username, display_name, bio, description FROM users WHERE is_active = 1`
    }))
)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const tables = searchedTables(sql)
  // FTS5 is SQLite's; PostgreSQL searches its tsvector columns instead.
  const pageOf = sql.onDialectOrElse({ pg: () => SearchQueriesPg.searchPage, orElse: () => searchPage })

  // No terms, no question: answered without building an (invalid) empty MATCH.
  const run =
    <Row extends object, A>(kind: SearchKind, toItem: (row: Row) => A) =>
    (terms: ReadonlyArray<string>, page: Page): Effect.Effect<ReadonlyArray<A>> =>
      terms.length === 0
        ? Effect.succeed([])
        : findAll(pageOf<Row>(sql, tables[kind], terms, page), toItem)

  return SearchRepo.of({
    posts: run("posts", toPost),
    comments: run("comments", toComment),
    channels: run("channels", toChannel),
    users: run("users", toUser)
  })
})

export const layer: Layer.Layer<SearchRepo, never, SqlClient.SqlClient> = Layer.effect(SearchRepo, make)
