/**
 * The post pages and the home feed's window are index walks on PostgreSQL
 * too, once the planner has statistics: on a database seeded with a few
 * thousand posts over a few channels and ANALYZEd, EXPLAIN (FORMAT JSON)
 * names the order's index, and no Sort is needed above it.
 * The queries are the repositories' own builders (see QueryPlans.test.ts for
 * SQLite's plans of every shape).
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { Statement } from "@effect/sql/Statement"
import { ChannelId, type Page, UserId } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { feedWindowQuery } from "../src/PostFeedSql.js"
import { listPostsQuery } from "../src/PostRepoSql.js"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"

const page: Page = { limit: 20, offset: 40 }
const reader = UserId.make("u1")

/** One node of PostgreSQL's JSON plan, with the fields the checks read. */
interface PlanNode {
  readonly "Node Type": string
  readonly "Relation Name"?: string
  readonly "Index Name"?: string
  readonly Plans?: ReadonlyArray<PlanNode>
}

/** Every node of the plan, parents before their children. */
const nodesOf = (node: PlanNode): ReadonlyArray<PlanNode> => [node, ...(node.Plans ?? []).flatMap(nodesOf)]

const isPlanNode = (value: unknown): value is PlanNode =>
  typeof value === "object" && value !== null && "Node Type" in value

/** The root of the plan of `[{ Plan }]`, parsed when the driver hands back text. */
const rootOf = (row: Record<string, unknown>): PlanNode | undefined => {
  const value = Object.values(row)[0]
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value
  const root: unknown = Array.isArray(parsed) && typeof parsed[0] === "object" && parsed[0] !== null
    ? Object.values(parsed[0])[0]
    : undefined
  return isPlanNode(root) ? root : undefined
}

// Five channels of a thousand posts each, by fifty authors (half agents),
// one a minute, with ranks and scores spread so no order matches another.
const seed = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`INSERT INTO users (id, username, username_key, user_type, created_at)
    SELECT 'u' || i, 'user' || i, 'user' || i, CASE WHEN i % 2 = 0 THEN 'agent' ELSE 'human' END, 0
    FROM generate_series(1, 50) AS i`
  yield* sql`INSERT INTO channels (id, name, title, created_by, created_at)
    SELECT 'c' || i, 'channel' || i, 'Channel ' || i, 'u1', 0 FROM generate_series(1, 5) AS i`
  yield* sql`INSERT INTO posts (id, channel_id, author_id, author_type, title, content, upvotes, downvotes,
      score, created_at, updated_at, hot_rank, controversy_rank)
    SELECT 'p' || i, 'c' || (i % 5 + 1), 'u' || (i % 50 + 1),
      CASE WHEN (i % 50 + 1) % 2 = 0 THEN 'agent' ELSE 'human' END, 'Post ' || i, 'text',
      (i * 7) % 101, (i * 13) % 37, (i * 7) % 101 - (i * 13) % 37,
      1700000000000 + i * 60000, 1700000000000 + i * 60000, i / 1000.0 + (i * 7) % 101, (i * 13) % 37
    FROM generate_series(1, 5000) AS i`
  yield* sql`INSERT INTO subscriptions (channel_id, user_id, created_at) VALUES ('c1', 'u1', 0)`
  yield* sql`INSERT INTO follows (follower_id, followee_id, created_at) VALUES ('u1', 'u2', 0)`
  yield* sql`ANALYZE`
})

const onPg = Layer.effectDiscard(seed).pipe(Layer.provideMerge(TempDatabasePg.layer))

const planOf = (query: (sql: SqlClient.SqlClient) => Statement<object>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<Record<string, unknown>>`EXPLAIN (FORMAT JSON) ${query(sql)}`
    const root = rootOf(rows[0] ?? {})
    expect(root, JSON.stringify(rows)).toBeDefined()
    return root === undefined ? [] : nodesOf(root)
  })

const show = (plan: ReadonlyArray<PlanNode>) =>
  plan.map((node) => `${node["Node Type"]} ${node["Relation Name"] ?? ""} ${node["Index Name"] ?? ""}`).join("\n")

const readsIndex = (plan: ReadonlyArray<PlanNode>, index: string) =>
  plan.some((node) =>
    (node["Node Type"] === "Index Scan" || node["Node Type"] === "Index Only Scan") && node["Index Name"] === index
  )

const seqScansPosts = (plan: ReadonlyArray<PlanNode>) =>
  plan.some((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "posts")

const expectIndexOrder = (plan: ReadonlyArray<PlanNode>, index: string) => {
  expect(readsIndex(plan, index), show(plan)).toBe(true)
  expect(plan.filter((node) => node["Node Type"] === "Sort"), show(plan)).toEqual([])
  expect(seqScansPosts(plan), show(plan)).toBe(false)
}

describe("query plans on PostgreSQL", () => {
  it.layer(onPg, { timeout: 30_000 })((it) => {
    it.effect("the global hot page walks posts_hot without sorting", () =>
      Effect.map(
        planOf((sql) => listPostsQuery(sql, { order: "hot" }, page)),
        (plan) => expectIndexOrder(plan, "posts_hot")
      ))

    it.effect("a channel's hot page walks posts_channel_hot without sorting", () =>
      Effect.map(
        planOf((sql) => listPostsQuery(sql, { order: "hot", channelId: ChannelId.make("c3") }, page)),
        (plan) => expectIndexOrder(plan, "posts_channel_hot")
      ))

    it.effect("the new page walks posts_new without sorting", () =>
      Effect.map(
        planOf((sql) => listPostsQuery(sql, { order: "new" }, page)),
        (plan) => expectIndexOrder(plan, "posts_new")
      ))

    for (const order of ["hot", "new"] as const) {
      // The outer ORDER BY keeps the walk's order through the nested loop, so no Sort either.
      it.effect(`the feed's ${order} window walks posts_${order}, never scanning posts`, () =>
        Effect.map(
          planOf((sql) => feedWindowQuery(sql, { order, feedOf: reader }, reader, page)),
          (plan) => {
            expect(readsIndex(plan, `posts_${order}`), show(plan)).toBe(true)
            expect(seqScansPosts(plan), show(plan)).toBe(false)
            expect(plan.some((node) => node["Node Type"] === "Sort"), show(plan)).toBe(false)
          }
        ))
    }

    it.effect("the check itself sees a sort and a scan", () =>
      Effect.map(
        planOf((sql) => sql`SELECT * FROM posts WHERE deleted_at IS NULL ORDER BY title`),
        (plan) => {
          expect(plan.some((node) => node["Node Type"] === "Sort"), show(plan)).toBe(true)
          expect(seqScansPosts(plan), show(plan)).toBe(true)
        }
      ))
  })
})
