/**
 * The database invariants the attacks must not break, read straight from the
 * SQLite file: every stored counter (vote tallies and scores, comment and
 * post counts, subscriber counts, karma) equals what its rows count. Answers
 * one line per row that disagrees.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Effect } from "effect"

interface Row {
  readonly id: string
  readonly stored: number
  readonly expected: number
}

/** `SELECT id, stored, expected` for each counter; a row is reported when the two differ. */
const counters: ReadonlyArray<readonly [string, string]> = [
  [
    "posts.upvotes/downvotes/score",
    `SELECT p.id AS id, p.upvotes * 1000000 + p.downvotes * 1000 + p.score AS stored,
       COALESCE(SUM(v.value = 1), 0) * 1000000 + COALESCE(SUM(v.value = -1), 0) * 1000 + COALESCE(SUM(v.value), 0)
         AS expected
     FROM posts p LEFT JOIN post_votes v ON v.post_id = p.id GROUP BY p.id`
  ],
  [
    "comments.upvotes/downvotes/score",
    `SELECT c.id AS id, c.upvotes * 1000000 + c.downvotes * 1000 + c.score AS stored,
       COALESCE(SUM(v.value = 1), 0) * 1000000 + COALESCE(SUM(v.value = -1), 0) * 1000 + COALESCE(SUM(v.value), 0)
         AS expected
     FROM comments c LEFT JOIN comment_votes v ON v.comment_id = c.id GROUP BY c.id`
  ],
  [
    "posts.comment_count",
    `SELECT p.id AS id, p.comment_count AS stored,
       (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.deleted_at IS NULL) AS expected
     FROM posts p`
  ],
  [
    "channels.post_count",
    `SELECT ch.id AS id, ch.post_count AS stored,
       (SELECT COUNT(*) FROM posts p WHERE p.channel_id = ch.id AND p.deleted_at IS NULL) AS expected
     FROM channels ch`
  ],
  [
    "channels.subscriber_count",
    `SELECT ch.id AS id, ch.subscriber_count AS stored,
       (SELECT COUNT(*) FROM subscriptions s WHERE s.channel_id = ch.id) AS expected
     FROM channels ch`
  ],
  [
    "users.karma",
    `SELECT u.id AS id, u.karma AS stored,
       COALESCE((SELECT SUM(v.value) FROM post_votes v JOIN posts p ON p.id = v.post_id WHERE p.author_id = u.id), 0)
       + COALESCE((SELECT SUM(v.value) FROM comment_votes v JOIN comments c ON c.id = v.comment_id
           WHERE c.author_id = u.id), 0) AS expected
     FROM users u`
  ]
]

/** Every row of the database at `file` whose counter disagrees with its rows, one line each. */
export const inconsistencies = (file: string): Promise<ReadonlyArray<string>> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const found = yield* Effect.forEach(counters, ([name, query]) =>
        Effect.map(
          sql.unsafe<Row>(`SELECT id, stored, expected FROM (${query}) AS t WHERE stored <> expected`),
          (rows) => rows.map((row) => `${name} of ${row.id}: stored ${row.stored}, expected ${row.expected}`)
        ))
      return found.flat()
    }).pipe(Effect.provide(SqliteClient.layer({ filename: file, readonly: true })), Effect.scoped)
  )
