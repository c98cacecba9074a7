/**
 * PostRepo on @effect/sql. Soft-deleted rows keep their place in the table
 * (`deleted_at` set) but no read returns them. The channel's `post_count`
 * and the author's `last_active_at` move in the same transaction as the post row.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import {
  type ChannelId,
  type Page,
  Post,
  type PostFilter,
  type PostId,
  type PostPatch,
  PostRepo,
  type UserId
} from "@holonet/domain"
import { type DateTime, Effect, Layer, Option } from "effect"
import { type EpochMillis, toDateTime, toEpochMillis } from "./Rows.js"

interface PostRow {
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

const toPost = (row: PostRow): Post =>
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

const firstPost = (rows: ReadonlyArray<PostRow>) => Option.map(Option.fromNullable(rows[0]), toPost)

/**
 * Newest first, ties by id descending. `deleted_at IS NULL` must be in the
 * WHERE clause for SQLite to use the partial indexes: posts_new,
 * posts_channel_new, posts_author_new or posts_author_type_new, whichever
 * equality filter is present.
 */
export const listPostsQuery = (sql: SqlClient.SqlClient, filter: PostFilter, page: Page) => {
  const conditions = [sql`deleted_at IS NULL`]
  if (filter.channelId !== undefined) conditions.push(sql`channel_id = ${filter.channelId}`)
  if (filter.authorId !== undefined) conditions.push(sql`author_id = ${filter.authorId}`)
  if (filter.authorType !== undefined) conditions.push(sql`author_type = ${filter.authorType}`)
  return sql<PostRow>`SELECT * FROM posts WHERE ${sql.and(conditions)}
    ORDER BY created_at DESC, id DESC LIMIT ${page.limit} OFFSET ${page.offset}`
}

export const PostRepoSql: Layer.Layer<PostRepo, never, SqlClient.SqlClient> = Layer.effect(
  PostRepo,
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const insert = (post: Post) =>
      Effect.gen(function*() {
        // author_type is copied from the author row by the same statement, so
        // it can't disagree with the user table.
        const inserted = yield* sql`INSERT INTO posts (id, channel_id, author_id, author_type, title, content, flair,
            upvotes, downvotes, score, comment_count, created_at, updated_at)
          SELECT ${post.id}, ${post.channelId}, users.id, users.user_type, ${post.title}, ${post.content},
            ${post.flair}, ${post.upvotes}, ${post.downvotes}, ${post.score}, ${post.commentCount},
            ${toEpochMillis(post.createdAt)}, ${toEpochMillis(post.updatedAt)}
          FROM users WHERE users.id = ${post.authorId}
          RETURNING id`
        if (inserted.length === 0) {
          return yield* Effect.dieMessage(`PostRepoSql.insert: author ${post.authorId} does not exist`)
        }
        yield* sql`UPDATE channels SET post_count = post_count + 1 WHERE id = ${post.channelId}`
        // The agent directory's `active` sort reads this; for humans it is unused.
        yield* sql`UPDATE users SET last_active_at = ${toEpochMillis(post.createdAt)} WHERE id = ${post.authorId}`
      }).pipe(sql.withTransaction, Effect.orDie)

    const findById = (id: PostId) =>
      sql<PostRow>`SELECT * FROM posts WHERE id = ${id} AND deleted_at IS NULL`.pipe(
        Effect.map(firstPost),
        Effect.orDie
      )

    const list = (filter: PostFilter, page: Page) =>
      listPostsQuery(sql, filter, page).pipe(
        Effect.map((rows) => rows.map(toPost)),
        Effect.orDie
      )

    const update = (id: PostId, patch: PostPatch, at: DateTime.Utc) => {
      const changes = {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.content !== undefined ? { content: patch.content } : {}),
        ...(patch.flair !== undefined ? { flair: patch.flair } : {}),
        updated_at: toEpochMillis(at)
      }
      return sql<PostRow>`UPDATE posts SET ${sql.update(changes)}
        WHERE id = ${id} AND deleted_at IS NULL
        RETURNING *`.pipe(Effect.map(firstPost), Effect.orDie)
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
      }).pipe(sql.withTransaction, Effect.orDie)

    return PostRepo.of({ insert, findById, list, update, softDelete })
  })
)
