/**
 * Every list query the SQL repositories run, and the API-key lookup, is
 * served by an index from the migrations, in index order: SQLite's plan names
 * the index and never sorts into a temporary B-tree. The queries checked
 * are the repositories' own (their builders are exported), not copies.
 * Two deliberate exceptions, checked as such below: a creation-time bound
 * (`since`: top with `t`, rising) may be served by the created_at index and
 * sorted, and the home feed's exact fallback sorts the union of its sources.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { Statement } from "@effect/sql/Statement"
import {
  ChannelId,
  CommentId,
  type Page,
  type PostFilter,
  PostId,
  type PostOrder,
  UserId,
  WebhookId
} from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { agentByKeyDigestQuery, listAgentsByOwnerQuery, listAgentsQuery } from "../src/AgentRepoSql.js"
import { listChannelsQuery } from "../src/ChannelRepoSql.js"
import { listCommentsByAuthorQuery, listCommentsByPostQuery } from "../src/CommentRepoSql.js"
import { listFollowersQuery, listFollowingQuery } from "../src/FollowRepoSql.js"
import { claimableOutboxQuery, listNotificationsQuery } from "../src/NotificationRepoSql.js"
import { listRunsQuery } from "../src/RunRepoSql.js"
import { feedFloorQuery, feedSourcesQuery, feedWindowQuery } from "../src/PostFeedSql.js"
import { listPostsQuery } from "../src/PostRepoSql.js"
import * as Sqlite from "../src/Sqlite.js"
import { listUsersQuery, usersByUsernameKeysQuery } from "../src/UserRepoSql.js"
import { commentVoteQuery, postVoteQuery } from "../src/VoteRepoSql.js"
import { claimableDeliveriesQuery, listDeliveriesQuery, listWebhooksQuery } from "../src/WebhookRepoSql.js"

const page: Page = { limit: 20, offset: 40 }

const planOf = (query: (sql: SqlClient.SqlClient) => Statement<object>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ readonly detail: string }>`EXPLAIN QUERY PLAN ${query(sql)}`
    return rows.map((row) => row.detail)
  }).pipe(Effect.provide(Sqlite.layer(":memory:")))

/** True when a step of the plan reads `index` (a pattern, so a shape may accept more than one index). */
const usesIndex = (plan: ReadonlyArray<string>, index: string) =>
  plan.some((step) => new RegExp(`USING (COVERING )?INDEX ${index}\\b`).test(step))

const sorts = (plan: ReadonlyArray<string>) => plan.some((step) => step.includes("TEMP B-TREE"))

const expectIndexOrder = (plan: ReadonlyArray<string>, index: string) => {
  expect(usesIndex(plan, index), plan.join("\n")).toBe(true)
  expect(plan.filter((step) => step.includes("TEMP B-TREE")), plan.join("\n")).toEqual([])
}

const orders: ReadonlyArray<PostOrder> = ["new", "hot", "top", "controversial"]
const reader = UserId.make("reader")

/** Each equality filter of the post lists, with the index prefix that serves it. */
const shapes: ReadonlyArray<readonly [string, Omit<PostFilter, "order">, string]> = [
  ["posts", {}, "posts_"],
  ["posts by channel", { channelId: ChannelId.make("c") }, "posts_channel_"],
  ["posts by author", { authorId: UserId.make("u") }, "posts_author_"],
  ["posts by author type", { authorType: "agent" }, "posts_author_type_"],
  // Either equality index keeps the order; without ANALYZE statistics SQLite can't tell which is narrower.
  [
    "posts by channel and author type",
    { channelId: ChannelId.make("c"), authorType: "human" },
    "posts_(channel|author_type)_"
  ]
]

const posts = (filter: Omit<PostFilter, "order">, order: PostOrder = "new") => (sql: SqlClient.SqlClient) =>
  listPostsQuery(sql, { ...filter, order }, page)

describe("query plans", () => {
  const cases: ReadonlyArray<readonly [string, (sql: SqlClient.SqlClient) => Statement<object>, string]> = [
    // Every order × every filter shape, e.g. "posts by channel, hot" (a channel's hot page) on posts_channel_hot.
    ...orders.flatMap((order) =>
      shapes.map(([name, filter, prefix]) => [`${name}, ${order}`, posts(filter, order), `${prefix}${order}`] as const)
    ),
    ["channels, popular", (sql) => listChannelsQuery(sql, "popular", page), "channels_popular"],
    ["channels, new", (sql) => listChannelsQuery(sql, "new", page), "channels_new"],
    ["users", (sql) => listUsersQuery(sql, page), "users_created"],
    ["agents, new", (sql) => listAgentsQuery(sql, "new", page), "agents_new"],
    ["agents, karma", (sql) => listAgentsQuery(sql, "karma", page), "agents_karma"],
    ["agents, active", (sql) => listAgentsQuery(sql, "active", page), "agents_active"],
    ["agents by owner", (sql) => listAgentsByOwnerQuery(sql, UserId.make("u"), page), "agents_owner"],
    ["agent by key digest", (sql) => agentByKeyDigestQuery(sql, "digest"), "users_api_key_digest"],
    ["comments of a post", (sql) => listCommentsByPostQuery(sql, PostId.make("p")), "comments_post"],
    ["a user's comments", (sql) => listCommentsByAuthorQuery(sql, UserId.make("u"), page), "comments_author"],
    ["an agent's runs", (sql) => listRunsQuery(sql, UserId.make("u"), page), "runs_agent_new"],
    ["a user's followers", (sql) => listFollowersQuery(sql, UserId.make("u"), page), "follows_followers"],
    ["whom a user follows", (sql) => listFollowingQuery(sql, UserId.make("u"), page), "follows_following"],
    ["notifications", (sql) => listNotificationsQuery(sql, UserId.make("u"), false, page), "notifications_recipient"],
    [
      "unread notifications",
      (sql) => listNotificationsQuery(sql, UserId.make("u"), true, page),
      "notifications_unread"
    ],
    ["a principal's webhooks", (sql) => listWebhooksQuery(sql, UserId.make("u")), "webhooks_owner"],
    [
      "a webhook's deliveries",
      (sql) => listDeliveriesQuery(sql, WebhookId.make("w"), page),
      "webhook_deliveries_list"
    ],
    // The UNIQUE username_key column's automatic index (the primary key's is _1).
    [
      "users by username",
      (sql) => usersByUsernameKeysQuery(sql, ["ann", "ben"]),
      "sqlite_autoindex_users_2"
    ],
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

  // `since` is a range on created_at. For `new` it is part of the order's
  // index walk. For the ranked orders (top with `t`, rising = hot since)
  // SQLite either walks the order's index and skips older posts, or takes
  // the created_at range of the *_new index and sorts what it holds; both
  // are index reads, and the sort is acceptable there because the time bound
  // limits what is sorted (without statistics SQLite picks the range for
  // filtered lists).
  for (const order of orders) {
    for (const [name, filter, prefix] of shapes) {
      it.effect(`${name}, ${order}, since an instant, reads an index`, () =>
        Effect.map(planOf(posts({ ...filter, since: 1_700_000_000_000 }, order)), (plan) => {
          if (order === "new") return expectIndexOrder(plan, `${prefix}new`)
          expect(usesIndex(plan, `${prefix}(${order}|new)`), plan.join("\n")).toBe(true)
          if (sorts(plan)) expect(usesIndex(plan, `${prefix}new`), plan.join("\n")).toBe(true)
        }))
    }
  }

  // The feed's window walks the order's global index in a co-routine that
  // SQLite knows is in order, so the page needs no sort and the walk stops
  // once the page is full. A `since` is checked on the walked posts, never
  // as the walk's range, so the walk's LIMIT bounds the index entries read.
  // Each walked post costs two primary-key probes: subscribed? followed?
  for (const order of orders) {
    for (const since of [undefined, 1_700_000_000_000]) {
      const filter: PostFilter = since === undefined ? { order, feedOf: reader } : { order, feedOf: reader, since }
      it.effect(`feed window, ${order}${since === undefined ? "" : ", since an instant"}: an index walk, no sort`, () =>
        Effect.map(planOf((sql) => feedWindowQuery(sql, filter, reader, page)), (plan) => {
          expect(plan.some((step) => step.startsWith("CO-ROUTINE")), plan.join("\n")).toBe(true)
          expect(plan, plan.join("\n")).toContain(`SCAN posts USING INDEX posts_${order}`)
          expect(sorts(plan), plan.join("\n")).toBe(false)
          expect(usesIndex(plan, "sqlite_autoindex_subscriptions_1"), plan.join("\n")).toBe(true)
          expect(usesIndex(plan, "sqlite_autoindex_follows_1"), plan.join("\n")).toBe(true)
          expect(plan.some((step) => /^SCAN posts\b(?! USING)/.test(step)), plan.join("\n")).toBe(false)
        }))
    }
  }

  // The exact fallback reads each source's first posts from the channel and
  // author indexes of the order, then the page's rows by primary key.
  // Sorting the union of those few (id, rank) pairs into a temporary B-tree
  // is expected here.
  for (const order of orders) {
    it.effect(`feed fallback, ${order}: per-source index reads, posts by primary key`, () =>
      Effect.map(planOf((sql) => feedSourcesQuery(sql, { order, feedOf: reader }, reader, page)), (plan) => {
        expect(usesIndex(plan, `posts_channel_${order}`), plan.join("\n")).toBe(true)
        expect(usesIndex(plan, `posts_author_${order}`), plan.join("\n")).toBe(true)
        expect(usesIndex(plan, "subscriptions_user"), plan.join("\n")).toBe(true)
        expect(usesIndex(plan, "follows_following"), plan.join("\n")).toBe(true)
        const byKey = /^SEARCH posts USING INDEX sqlite_autoindex_posts_1 \(id=\?\)/
        expect(plan.some((step) => byKey.test(step)), plan.join("\n")).toBe(true)
        // Only the page of (id, rank) pairs is scanned; no table is.
        expect(plan.some((step) => /^SCAN (posts|candidate|subscriptions|follows)\b/.test(step)), plan.join("\n"))
          .toBe(false)
      }))
  }

  it.effect("feed fallback under a floor: each source is a range of its rank index", () =>
    Effect.map(
      planOf((sql) => feedSourcesQuery(sql, { order: "hot", feedOf: reader }, reader, page, 12_000)),
      (plan) => {
        expect(plan, plan.join("\n")).toContain(
          "SEARCH posts USING INDEX posts_channel_hot (channel_id=? AND hot_rank>?)"
        )
        expect(plan, plan.join("\n")).toContain(
          "SEARCH posts USING INDEX posts_author_hot (author_id=? AND hot_rank>?)"
        )
      }
    ))

  it.effect("feed fallback with since: each source read through its created_at range (sorted)", () =>
    Effect.map(
      planOf((sql) => feedSourcesQuery(sql, { order: "top", feedOf: reader, since: 1_700_000_000_000 }, reader, page)),
      (plan) => {
        expect(usesIndex(plan, "posts_channel_(top|new)"), plan.join("\n")).toBe(true)
        expect(usesIndex(plan, "posts_author_(top|new)"), plan.join("\n")).toBe(true)
        expect(plan.some((step) => /^SCAN (posts|candidate|subscriptions|follows)\b/.test(step)), plan.join("\n"))
          .toBe(false)
      }
    ))

  // One probe of the order's channel or author index per source; the sort
  // is of one value per source.
  for (const order of orders) {
    it.effect(`feed floor, ${order}: one index probe per source`, () =>
      Effect.map(planOf((sql) => feedFloorQuery(sql, { order, feedOf: reader }, reader, page)), (plan) => {
        expect(plan.filter((step) => step.startsWith(`SEARCH posts USING INDEX posts_channel_${order} (channel_id=?)`)))
          .toHaveLength(1)
        expect(plan.filter((step) => step.startsWith(`SEARCH posts USING INDEX posts_author_${order} (author_id=?)`)))
          .toHaveLength(1)
        expect(usesIndex(plan, "subscriptions_user"), plan.join("\n")).toBe(true)
        expect(usesIndex(plan, "follows_following"), plan.join("\n")).toBe(true)
      }))
  }

  it.effect("the listed feed query is the exact fallback", () =>
    Effect.gen(function*() {
      const listed = yield* planOf((sql) => listPostsQuery(sql, { order: "hot", feedOf: reader }, page))
      const fallback = yield* planOf((sql) => feedSourcesQuery(sql, { order: "hot", feedOf: reader }, reader, page))
      expect(listed).toEqual(fallback)
    }))

  it.effect("claimable outbox entries are read in primary-key order, without a sort", () =>
    Effect.map(planOf((sql) => claimableOutboxQuery(sql, 100, 0)), (plan) => {
      expect(plan, plan.join("\n")).toEqual(["SCAN outbox"])
    }))

  it.effect("due webhook deliveries are walked in due order on the partial index, without a sort", () =>
    Effect.map(planOf((sql) => claimableDeliveriesQuery(sql, 20, 0)), (plan) => {
      expectIndexOrder(plan, "webhook_deliveries_due")
    }))

  it.effect("vote lookups are equality searches on both primary-key columns", () =>
    Effect.gen(function*() {
      const postPlan = yield* planOf((sql) => postVoteQuery(sql, PostId.make("p"), UserId.make("u")))
      const commentPlan = yield* planOf((sql) => commentVoteQuery(sql, CommentId.make("c"), UserId.make("u")))
      expect(
        postPlan.some((step) => /^SEARCH post_votes .*\(post_id=\? AND user_id=\?\)/.test(step)),
        postPlan.join("\n")
      )
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
