/**
 * The stored counters and what they count, for `pnpm check-db`
 * (Invariants.ts). Each counter is a column of a table and a derived table
 * giving, for every row of that table, the value the column must hold,
 * computed from the rows it counts (comments, vote rows, subscriptions,
 * posts). The same statement shape then finds the mismatches (a join on
 * the id) and repairs them (`UPDATE … FROM`, which SQLite and PostgreSQL
 * both take), each one whole-table set query.
 *
 * Ranks and karma are derived from the vote rows, not from the stored
 * tallies, so a corrupted tally is reported once (as itself) and a repair
 * of the tally and of the rank both land on the vote rows' truth.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"

export interface CounterCheck {
  /** `table.column`, the name a mismatch is reported under. */
  readonly name: string
  readonly table: "posts" | "comments" | "users" | "channels"
  readonly column: string
  /** `SELECT id, expected` for every row of `table`; its own aliases, never the bare table name. */
  readonly expected: string
  /** Floating-point columns (ranks): equal within a relative 1e-9, as SQL's log10 may differ from JavaScript's by an ulp. */
  readonly approximate?: boolean
}

/** Each post's or comment's tallies from its vote rows. */
const tallies = (votes: "post_votes" | "comment_votes", key: "post_id" | "comment_id") =>
  `SELECT ${key} AS item_id,
      SUM(CASE WHEN value = 1 THEN 1 ELSE 0 END) AS up,
      SUM(CASE WHEN value = -1 THEN 1 ELSE 0 END) AS down,
      SUM(value) AS score
    FROM ${votes} GROUP BY ${key}`

const tally = (table: "posts" | "comments", field: "up" | "down" | "score") => {
  const source = table === "posts" ? tallies("post_votes", "post_id") : tallies("comment_votes", "comment_id")
  return `SELECT item.id AS id, CAST(COALESCE(v.${field}, 0) AS INTEGER) AS expected
    FROM ${table} AS item LEFT JOIN (${source}) AS v ON v.item_id = item.id`
}

/** Domain Ranking.ts in SQL (as migration 0006 backfills it), over the vote rows' tallies. */
const rank = (formula: string) =>
  `SELECT item.id AS id, CAST(${formula} AS DOUBLE PRECISION) AS expected
    FROM (SELECT p.id AS id, p.created_at AS created_at,
        COALESCE(v.up, 0) AS upvotes, COALESCE(v.down, 0) AS downvotes
      FROM posts AS p LEFT JOIN (${tallies("post_votes", "post_id")}) AS v ON v.item_id = p.id) AS item`

const hotFormula =
  `(CASE WHEN item.upvotes > item.downvotes THEN 1 WHEN item.upvotes < item.downvotes THEN -1 ELSE 0 END)
    * (CASE WHEN abs(item.upvotes - item.downvotes) > 1 THEN log10(abs(item.upvotes - item.downvotes)) ELSE 0 END)
    + (item.created_at / 1000.0 - 1134028003) / 45000.0`

const controversyFormula = `CASE WHEN item.upvotes = 0 OR item.downvotes = 0 THEN 0
    WHEN item.upvotes < item.downvotes THEN power(item.upvotes + item.downvotes, item.upvotes * 1.0 / item.downvotes)
    ELSE power(item.upvotes + item.downvotes, item.downvotes * 1.0 / item.upvotes) END`

/** The sum of the votes on everything a user wrote, deleted or not (deleting moves no karma). */
const karma = `SELECT u.id AS id, CAST(COALESCE(pv.total, 0) + COALESCE(cv.total, 0) AS INTEGER) AS expected
  FROM users AS u
  LEFT JOIN (SELECT p.author_id AS author_id, SUM(v.value) AS total
    FROM post_votes AS v JOIN posts AS p ON p.id = v.post_id GROUP BY p.author_id) AS pv ON pv.author_id = u.id
  LEFT JOIN (SELECT c.author_id AS author_id, SUM(v.value) AS total
    FROM comment_votes AS v JOIN comments AS c ON c.id = v.comment_id GROUP BY c.author_id) AS cv
    ON cv.author_id = u.id`

const countOf = (table: string, source: string, key: string) =>
  `SELECT item.id AS id, CAST(COALESCE(n.total, 0) AS INTEGER) AS expected
    FROM ${table} AS item LEFT JOIN (SELECT ${key} AS item_id, COUNT(*) AS total FROM ${source}
      GROUP BY ${key}) AS n ON n.item_id = item.id`

/** In repair order: tallies before what is derived from votes, so each statement reads settled rows. */
export const counterChecks: ReadonlyArray<CounterCheck> = [
  { name: "posts.upvotes", table: "posts", column: "upvotes", expected: tally("posts", "up") },
  { name: "posts.downvotes", table: "posts", column: "downvotes", expected: tally("posts", "down") },
  { name: "posts.score", table: "posts", column: "score", expected: tally("posts", "score") },
  { name: "comments.upvotes", table: "comments", column: "upvotes", expected: tally("comments", "up") },
  { name: "comments.downvotes", table: "comments", column: "downvotes", expected: tally("comments", "down") },
  { name: "comments.score", table: "comments", column: "score", expected: tally("comments", "score") },
  { name: "posts.hot_rank", table: "posts", column: "hot_rank", expected: rank(hotFormula), approximate: true },
  {
    name: "posts.controversy_rank",
    table: "posts",
    column: "controversy_rank",
    expected: rank(controversyFormula),
    approximate: true
  },
  { name: "users.karma", table: "users", column: "karma", expected: karma },
  {
    name: "posts.comment_count",
    table: "posts",
    column: "comment_count",
    expected: countOf("posts", "(SELECT post_id FROM comments WHERE deleted_at IS NULL) AS live", "post_id")
  },
  {
    name: "channels.post_count",
    table: "channels",
    column: "post_count",
    expected: countOf("channels", "(SELECT channel_id FROM posts WHERE deleted_at IS NULL) AS live", "channel_id")
  },
  {
    name: "channels.subscriber_count",
    table: "channels",
    column: "subscriber_count",
    expected: countOf("channels", "subscriptions", "channel_id")
  }
]

export interface CounterMismatchRow {
  readonly id: string
  readonly stored: number | string
  readonly expected: number | string
}

const differs = (sql: SqlClient.SqlClient, check: CounterCheck, stored: Fragment) =>
  check.approximate === true
    ? sql`abs(${stored} - e.expected) > 1e-9 * (1 + abs(e.expected))`
    : sql`${stored} <> e.expected`

/** The rows of `check.table` whose column differs from what it counts. */
export const findCounterMismatches = (sql: SqlClient.SqlClient, check: CounterCheck) =>
  sql<CounterMismatchRow>`SELECT t.id AS id, t.${sql(check.column)} AS stored, e.expected AS expected
    FROM ${sql(check.table)} AS t JOIN (${sql.literal(check.expected)}) AS e ON e.id = t.id
    WHERE ${differs(sql, check, sql`t.${sql(check.column)}`)}
    ORDER BY t.id`

/** Sets the column to what it counts wherever it differs, in one statement. */
export const repairCounter = (sql: SqlClient.SqlClient, check: CounterCheck) =>
  sql`UPDATE ${sql(check.table)} SET ${sql(check.column)} = e.expected
    FROM (${sql.literal(check.expected)}) AS e
    WHERE ${sql(check.table)}.id = e.id AND ${differs(sql, check, sql`${sql(check.table)}.${sql(check.column)}`)}`
