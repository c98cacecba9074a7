/**
 * The posts table as the post queries read it: the row and its mapping, the
 * columns read, and the order and filter clauses that the post lists
 * (PostRepoSql) and the home feed (PostFeedSql) share.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import { type ChannelId, Post, type PostFilter, type PostId, type PostOrder, type UserId } from "@holonet/domain"
import { type EpochMillis, toDateTime } from "./Rows.js"

export interface PostRow {
  readonly id: PostId
  readonly title: string
  readonly content: string
  readonly channel_id: ChannelId
  readonly flair: string | null
  readonly author_id: UserId
  readonly upvotes: number
  readonly downvotes: number
  readonly score: number
  readonly comment_count: number
  readonly created_at: EpochMillis
  readonly updated_at: EpochMillis
}

export const toPost = (row: PostRow): Post =>
  new Post(
    {
      id: row.id,
      title: row.title,
      content: row.content,
      channelId: row.channel_id,
      flair: row.flair,
      authorId: row.author_id,
      upvotes: row.upvotes,
      downvotes: row.downvotes,
      score: row.score,
      commentCount: row.comment_count,
      createdAt: toDateTime(row.created_at),
      updatedAt: toDateTime(row.updated_at)
    },
    true
  )

/**
 * The columns of a PostRow, qualified with the `posts` table. Reads name
 * them instead of `posts.*`: the driver builds one object property per
 * column, and the rank and bookkeeping columns would be built only to be
 * dropped (about a fifth of a 20-post page's row cost).
 */
export const postColumns = (sql: SqlClient.SqlClient) =>
  sql.literal(`posts.id, posts.title, posts.content, posts.channel_id, posts.flair, posts.author_id,
    posts.upvotes, posts.downvotes, posts.score, posts.comment_count, posts.created_at, posts.updated_at`)

/** The stored column each order walks; migration 0006_feeds indexes it alone and after every equality filter. */
export const orderColumns: Record<PostOrder, string> = {
  new: "created_at",
  hot: "hot_rank",
  top: "score",
  controversial: "controversy_rank"
}

/**
 * Highest first, ties by id descending. Unqualified, like `postConditions`:
 * in every query that uses them the names resolve to the innermost `posts`.
 */
export const orderBy = (sql: SqlClient.SqlClient, order: PostOrder) => sql`${sql(orderColumns[order])} DESC, id DESC`

/**
 * Every filter but the feed's. `deleted_at IS NULL` must be in the WHERE
 * clause for SQLite to use the partial indexes; with it, the order's index
 * for the equality filter present (posts_hot, posts_channel_hot,
 * posts_author_hot, posts_author_type_hot, and so on for each order) yields
 * rows already in order. `since` is a range on created_at checked while
 * walking that index.
 */
export const postConditions = (sql: SqlClient.SqlClient, filter: PostFilter, withSince = true) => {
  const conditions = [sql`deleted_at IS NULL`]
  if (filter.channelId !== undefined) conditions.push(sql`channel_id = ${filter.channelId}`)
  if (filter.authorId !== undefined) conditions.push(sql`author_id = ${filter.authorId}`)
  if (filter.authorType !== undefined) conditions.push(sql`author_type = ${filter.authorType}`)
  if (withSince && filter.since !== undefined) conditions.push(sql`created_at >= ${filter.since}`)
  return sql.and(conditions)
}
