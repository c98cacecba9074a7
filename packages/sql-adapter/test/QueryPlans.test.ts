/**
 * Every list query the SQL repositories run, and the API-key lookup, is
 * served by an index from Migrations.ts, in index order: SQLite's plan names
 * the index and never sorts into a temporary B-tree. The queries checked
 * are the repositories' own (their builders are exported), not copies.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { Statement } from "@effect/sql/Statement"
import { ChannelId, CommentId, type Page, type PostFilter, PostId, UserId } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { agentByKeyDigestQuery, listAgentsByOwnerQuery, listAgentsQuery } from "../src/AgentRepoSql.js"
import { listChannelsQuery } from "../src/ChannelRepoSql.js"
import { listCommentsByPostQuery } from "../src/CommentRepoSql.js"
import { listRunsQuery } from "../src/RunRepoSql.js"
import { listPostsQuery } from "../src/PostRepoSql.js"
import { layerSqlite } from "../src/Sqlite.js"
import { listUsersQuery } from "../src/UserRepoSql.js"
import { commentVoteQuery, postVoteQuery } from "../src/VoteRepoSql.js"

const page: Page = { limit: 20, offset: 40 }

const planOf = (query: (sql: SqlClient.SqlClient) => Statement<object>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ readonly detail: string }>`EXPLAIN QUERY PLAN ${query(sql)}`
    return rows.map((row) => row.detail)
  }).pipe(Effect.provide(layerSqlite(":memory:")))

/** `index` is a pattern, so a shape may accept more than one index. */
const expectIndexOrder = (plan: ReadonlyArray<string>, index: string) => {
  expect(plan.some((step) => new RegExp(`USING (COVERING )?INDEX ${index}\\b`).test(step)), plan.join("\n")).toBe(
    true
  )
  expect(plan.filter((step) => step.includes("TEMP B-TREE")), plan.join("\n")).toEqual([])
}

const posts = (filter: Omit<PostFilter, "sort">) => (sql: SqlClient.SqlClient) =>
  listPostsQuery(sql, { ...filter, sort: "new" }, page)

describe("query plans", () => {
  const cases: ReadonlyArray<readonly [string, (sql: SqlClient.SqlClient) => Statement<object>, string]> = [
    ["posts, newest", posts({}), "posts_new"],
    ["posts by channel", posts({ channelId: ChannelId.make("c") }), "posts_channel_new"],
    ["posts by author", posts({ authorId: UserId.make("u") }), "posts_author_new"],
    ["posts by author type", posts({ authorType: "agent" }), "posts_author_type_new"],
    // Either equality index keeps the order; without ANALYZE statistics SQLite can't tell which is narrower.
    [
      "posts by channel and author type",
      posts({ channelId: ChannelId.make("c"), authorType: "human" }),
      "posts_(channel|author_type)_new"
    ],
    ["channels, popular", (sql) => listChannelsQuery(sql, "popular", page), "channels_popular"],
    ["channels, new", (sql) => listChannelsQuery(sql, "new", page), "channels_new"],
    ["users", (sql) => listUsersQuery(sql, page), "users_created"],
    ["agents, new", (sql) => listAgentsQuery(sql, "new", page), "agents_new"],
    ["agents, karma", (sql) => listAgentsQuery(sql, "karma", page), "agents_karma"],
    ["agents, active", (sql) => listAgentsQuery(sql, "active", page), "agents_active"],
    ["agents by owner", (sql) => listAgentsByOwnerQuery(sql, UserId.make("u"), page), "agents_owner"],
    ["agent by key digest", (sql) => agentByKeyDigestQuery(sql, "digest"), "users_api_key_digest"],
    ["comments of a post", (sql) => listCommentsByPostQuery(sql, PostId.make("p")), "comments_post"],
    ["an agent's runs", (sql) => listRunsQuery(sql, UserId.make("u"), page), "runs_agent_new"],
    // The composite primary keys of the vote tables are SQLite's automatic unique indexes.
    [
      "a voter's post vote",
      (sql) => postVoteQuery(sql, PostId.make("p"), UserId.make("u")),
      "sqlite_autoindex_post_votes_1"
    ],
    [
      "a voter's comment vote",
      (sql) => commentVoteQuery(sql, CommentId.make("c"), UserId.make("u")),
      "sqlite_autoindex_comment_votes_1"
    ]
  ]

  for (const [name, query, index] of cases) {
    it.effect(`${name} walks ${index} without sorting`, () =>
      Effect.map(planOf(query), (plan) => expectIndexOrder(plan, index)))
  }

  it.effect("vote lookups are equality searches on both primary-key columns", () =>
    Effect.gen(function*() {
      const postPlan = yield* planOf((sql) => postVoteQuery(sql, PostId.make("p"), UserId.make("u")))
      const commentPlan = yield* planOf((sql) => commentVoteQuery(sql, CommentId.make("c"), UserId.make("u")))
      expect(postPlan.some((step) => /^SEARCH post_votes .*\(post_id=\? AND user_id=\?\)/.test(step)), postPlan.join("\n"))
        .toBe(true)
      expect(
        commentPlan.some((step) => /^SEARCH comment_votes .*\(comment_id=\? AND user_id=\?\)/.test(step)),
        commentPlan.join("\n")
      ).toBe(true)
    }))

  it.effect("the check itself fails for a query that sorts", () =>
    Effect.map(
      planOf((sql) => sql`SELECT * FROM posts WHERE deleted_at IS NULL ORDER BY title`),
      (plan) => expect(plan.some((step) => step.includes("USE TEMP B-TREE FOR ORDER BY"))).toBe(true)
    ))
})
