/**
 * For CheckDb.test.ts and CheckDbPg.test.ts: a database filled through the
 * real server (DatabaseCopyFixture's seed, plus deletions and an
 * unsubscription so that the counts must leave things out), and one
 * corruption per stored counter, made by a direct UPDATE, with the
 * mismatch `pnpm check-db` must name for it.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { expect } from "@effect/vitest"
import { del, get, postJson, str } from "@holonet/http-adapter/testing"
import type { Invariants } from "@holonet/sql-adapter"
import { Effect } from "effect"
import { seed } from "./DatabaseCopyFixture.js"

const expectOk = (status: number) => expect([200, 201, 204]).toContain(status)

/** The copy fixture's data, then a deleted post, a deleted comment, a downvote on a comment and an unsubscription. */
export const seedForChecks = Effect.gen(function*() {
  const seeded = yield* seed
  const thread = (yield* get(`/api/comments?post_id=${seeded.lighthouse}`)).body
  const idOf = (content: string) =>
    String(
      (Array.isArray(thread) ? thread : []).find((comment: Record<string, unknown>) => comment["content"] === content)
        ?.id
    )
  const agreed = idOf("Agreed")
  expectOk((yield* del(`/api/comments/${agreed}`, seeded.scoutKey)).status)
  const doomed = yield* postJson(
    "/api/posts",
    { title: "Soon gone", content: "x", channel_id: "general" },
    seeded.bob.token
  )
  const doomedId = str(doomed, "id")
  expectOk((yield* postJson(`/api/posts/${doomedId}/vote`, { value: 1 }, seeded.alice.token)).status)
  expectOk((yield* del(`/api/posts/${doomedId}`, seeded.bob.token)).status)
  expectOk((yield* del("/api/channels/general/subscription", seeded.bob.token)).status)
  const well = idOf("Well lit")
  expectOk((yield* postJson(`/api/comments/${well}/vote`, { value: -1 }, seeded.scoutKey)).status)
  return seeded
})

export interface Corruption {
  readonly check: string
  readonly id: string
}

/**
 * Corrupts one row per counter (and, on SQLite, the search index) with
 * direct statements; answers the mismatches expected, as check and id.
 */
export const corruptEveryCounter = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const idOf = (rows: ReadonlyArray<{ readonly id: string }>) => String(rows[0]?.id)
  const post = idOf(
    yield* sql<{ id: string }>`SELECT id FROM posts WHERE upvotes > 0 AND deleted_at IS NULL
    ORDER BY id LIMIT 1`
  )
  const comment = idOf(yield* sql<{ id: string }>`SELECT id FROM comments WHERE deleted_at IS NULL ORDER BY id LIMIT 1`)
  const user = idOf(yield* sql<{ id: string }>`SELECT id FROM users WHERE username = 'alice'`)
  const channel = idOf(yield* sql<{ id: string }>`SELECT id FROM channels WHERE name = 'general'`)
  yield* sql`UPDATE posts SET upvotes = upvotes + 1, downvotes = downvotes + 2, score = score + 3,
    comment_count = comment_count + 4, hot_rank = hot_rank + 0.5, controversy_rank = 42 WHERE id = ${post}`
  yield* sql`UPDATE comments SET upvotes = upvotes + 1, downvotes = downvotes + 1, score = score - 5
    WHERE id = ${comment}`
  yield* sql`UPDATE users SET karma = karma + 7 WHERE id = ${user}`
  yield* sql`UPDATE channels SET post_count = post_count - 1, subscriber_count = subscriber_count + 9
    WHERE id = ${channel}`
  const counters: ReadonlyArray<Corruption> = [
    ...["upvotes", "downvotes", "score", "comment_count", "hot_rank", "controversy_rank"].map((column) => ({
      check: `posts.${column}`,
      id: post
    })),
    ...["upvotes", "downvotes", "score"].map((column) => ({ check: `comments.${column}`, id: comment })),
    { check: "users.karma", id: user },
    { check: "channels.post_count", id: channel },
    { check: "channels.subscriber_count", id: channel }
  ]
  // PostgreSQL's search column is generated: no statement can make it differ.
  const search = yield* sql.onDialectOrElse({
    pg: () => Effect.succeed<ReadonlyArray<Corruption>>([]),
    orElse: () =>
      Effect.as(
        sql`DELETE FROM posts_search WHERE rowid = (SELECT rowid FROM posts WHERE id = ${post})`,
        [{ check: "search", id: post }]
      )
  })
  return [...counters, ...search]
})

/** The mismatches as check and id, sorted, for comparing with the corruptions. */
export const namesOf = (mismatches: ReadonlyArray<Corruption | Invariants.Mismatch>) =>
  mismatches.map((mismatch) => `${mismatch.check} ${mismatch.id}`).sort()
