/**
 * PostRepo on @effect/sql. Soft-deleted rows keep their place in the table
 * (`deleted_at` set) but no read returns them. The channel's `post_count`,
 * the author's `last_active_at` and the `post_created` outbox event are
 * written in the same transaction as the post row. The post's ranks are
 * stored with it (and moved by VoteRepoSql), so every order is an index walk;
 * the home feed's queries are PostFeedSql's.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import {
  controversyRank,
  hotRank,
  type Page,
  type Post,
  type PostFilter,
  type PostId,
  type PostPatch,
  PostRepo
} from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { DateTime } from "effect"
import { recordEvent } from "./NotificationRepoSql.js"
import * as PostFeedSql from "./PostFeedSql.js"
import { orderBy, postColumns, postConditions, type PostRow, toPost } from "./PostRows.js"
import { dieOnSqlError, findAll, findOne, toEpochMillis } from "./Rows.js"

/**
 * One page of posts in `filter.order`. For a feed (`feedOf`) this is the
 * exact `feedSourcesQuery`; the repository tries the feed's window first.
 */
export const listPostsQuery = (sql: SqlClient.SqlClient, filter: PostFilter, page: Page) =>
  filter.feedOf === undefined
    ? sql<PostRow>`SELECT ${postColumns(sql)} FROM posts WHERE ${postConditions(sql, filter)}
      ORDER BY ${orderBy(sql, filter.order)} LIMIT ${page.limit} OFFSET ${page.offset}`
    : PostFeedSql.feedSourcesQuery(sql, filter, filter.feedOf, page)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const feed = PostFeedSql.make(sql)

  const insert = (post: Post) =>
    Effect.gen(function*() {
      // author_type is copied from the author row by the same statement, so
      // it can't disagree with the user table.
      const createdAt = toEpochMillis(post.createdAt)
      const inserted = yield* sql`INSERT INTO posts (id, channel_id, author_id, author_type, title, content, flair,
          upvotes, downvotes, score, comment_count, created_at, updated_at, hot_rank, controversy_rank)
        SELECT ${post.id}, ${post.channelId}, users.id, users.user_type, ${post.title}, ${post.content},
          ${post.flair}, ${post.upvotes}, ${post.downvotes}, ${post.score}, ${post.commentCount},
          ${createdAt}, ${toEpochMillis(post.updatedAt)},
          ${hotRank(post.upvotes, post.downvotes, createdAt)}, ${controversyRank(post.upvotes, post.downvotes)}
        FROM users WHERE users.id = ${post.authorId}
        RETURNING id`
      if (inserted.length === 0) {
        return yield* Effect.dieMessage(`PostRepoSql.insert: author ${post.authorId} does not exist`)
      }
      yield* sql`UPDATE channels SET post_count = post_count + 1 WHERE id = ${post.channelId}`
      // The agent directory's `active` sort reads this; for humans it is unused.
      yield* sql`UPDATE users SET last_active_at = ${createdAt} WHERE id = ${post.authorId}`
      // Mentions are notified from this event.
      yield* recordEvent(sql, { kind: "post_created", postId: post.id }, createdAt)
    }).pipe(sql.withTransaction, dieOnSqlError)

  const findById = (id: PostId) =>
    findOne(sql<PostRow>`SELECT ${postColumns(sql)} FROM posts WHERE id = ${id} AND deleted_at IS NULL`, toPost)

  const list = (filter: PostFilter, page: Page) =>
    findAll(
      filter.feedOf === undefined ? listPostsQuery(sql, filter, page) : feed(filter, filter.feedOf, page),
      toPost
    )

  const update = (id: PostId, patch: PostPatch, at: DateTime.Utc) => {
    const changes = {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.content !== undefined ? { content: patch.content } : {}),
      ...(patch.flair !== undefined ? { flair: patch.flair } : {}),
      updated_at: toEpochMillis(at)
    }
    return findOne(
      sql<PostRow>`UPDATE posts SET ${sql.update(changes)}
        WHERE id = ${id} AND deleted_at IS NULL
        RETURNING *`,
      toPost
    )
  }

  const softDelete = (id: PostId, at: DateTime.Utc) =>
    Effect.gen(function*() {
      const deleted = yield* sql<Pick<PostRow, "channel_id">>`UPDATE posts SET deleted_at = ${toEpochMillis(at)}
        WHERE id = ${id} AND deleted_at IS NULL
        RETURNING channel_id`
      const row = deleted[0]
      // Only a post that was visible until now leaves the count.
      if (row === undefined) return false
      yield* sql`UPDATE channels SET post_count = post_count - 1 WHERE id = ${row.channel_id}`
      return true
    }).pipe(sql.withTransaction, dieOnSqlError)

  return PostRepo.of({ insert, findById, list, update, softDelete })
})

export const layer: Layer.Layer<PostRepo, never, SqlClient.SqlClient> = Layer.effect(PostRepo, make)
