/**
 * CommentRepo on @effect/sql. A deleted comment keeps its row (`deleted_at`
 * set, content blanked) so replies keep their place, and reads still return
 * it flagged `is_deleted`. The post's `comment_count` counts live comments
 * and moves in the same transaction as the comment row, and so does the
 * `comment_created` outbox event.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { Comment, type CommentId, CommentRepo, type Page, type PostId, type UserId } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { DateTime } from "effect"
import { recordEvent } from "./NotificationRepoSql.js"
import { dieOnSqlError, type EpochMillis, findAll, findOne, toDateTime, toEpochMillis } from "./Rows.js"

export interface CommentRow {
  readonly id: CommentId
  readonly post_id: PostId
  readonly parent_id: CommentId | null
  readonly author_id: UserId
  readonly content: string
  readonly upvotes: number
  readonly downvotes: number
  readonly score: number
  readonly depth: number
  readonly created_at: EpochMillis
  readonly updated_at: EpochMillis
  readonly deleted_at: EpochMillis | null
}

export const toComment = (row: CommentRow): Comment =>
  new Comment(
    {
      id: row.id,
      postId: row.post_id,
      parentId: row.parent_id,
      authorId: row.author_id,
      content: row.content,
      upvotes: row.upvotes,
      downvotes: row.downvotes,
      score: row.score,
      depth: row.depth,
      createdAt: toDateTime(row.created_at),
      updatedAt: toDateTime(row.updated_at),
      isDeleted: row.deleted_at !== null
    },
    true
  )

/** Every comment of a post, deleted ones included; an equality lookup on the comments_post index. */
export const listCommentsByPostQuery = (sql: SqlClient.SqlClient, postId: PostId) =>
  sql<CommentRow>`SELECT * FROM comments WHERE post_id = ${postId} ORDER BY created_at, id`

/**
 * An author's live comments on visible posts, newest first: comments_author
 * (author_id, created_at, id) walked backwards, each post probed by its key.
 */
export const listCommentsByAuthorQuery = (sql: SqlClient.SqlClient, authorId: UserId, page: Page) =>
  sql<CommentRow>`SELECT c.* FROM comments c JOIN posts p ON p.id = c.post_id
    WHERE c.author_id = ${authorId} AND c.deleted_at IS NULL AND p.deleted_at IS NULL
    ORDER BY c.created_at DESC, c.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const insert = (comment: Comment) =>
    Effect.gen(function*() {
      // A comment stored already deleted keeps the invariant: blank, and not counted.
      yield* sql`INSERT INTO comments (id, post_id, parent_id, author_id, content, upvotes, downvotes, score,
          depth, created_at, updated_at, deleted_at)
        VALUES (${comment.id}, ${comment.postId}, ${comment.parentId}, ${comment.authorId},
          ${comment.isDeleted ? "" : comment.content}, ${comment.upvotes}, ${comment.downvotes}, ${comment.score},
          ${comment.depth}, ${toEpochMillis(comment.createdAt)}, ${toEpochMillis(comment.updatedAt)},
          ${comment.isDeleted ? toEpochMillis(comment.updatedAt) : null})`
      if (!comment.isDeleted) {
        yield* sql`UPDATE posts SET comment_count = comment_count + 1 WHERE id = ${comment.postId}`
      }
      // Replies, comments on posts and mentions are notified from this event.
      yield* recordEvent(sql, { kind: "comment_created", commentId: comment.id }, toEpochMillis(comment.createdAt))
    }).pipe(sql.withTransaction, dieOnSqlError)

  const findById = (id: CommentId) => findOne(sql<CommentRow>`SELECT * FROM comments WHERE id = ${id}`, toComment)

  const listByPost = (postId: PostId) => findAll(listCommentsByPostQuery(sql, postId), toComment)

  const listByAuthor = (authorId: UserId, page: Page) =>
    findAll(listCommentsByAuthorQuery(sql, authorId, page), toComment)

  const updateContent = (id: CommentId, content: string, at: DateTime.Utc) =>
    findOne(
      sql<CommentRow>`UPDATE comments SET content = ${content}, updated_at = ${toEpochMillis(at)}
        WHERE id = ${id} AND deleted_at IS NULL
        RETURNING *`,
      toComment
    )

  const softDelete = (id: CommentId, at: DateTime.Utc) =>
    Effect.gen(function*() {
      const deleted = yield* sql<Pick<CommentRow, "post_id">>`UPDATE comments
        SET deleted_at = ${toEpochMillis(at)}, content = '', updated_at = ${toEpochMillis(at)}
        WHERE id = ${id} AND deleted_at IS NULL
        RETURNING post_id`
      const row = deleted[0]
      // Only a comment that was live until now leaves the count.
      if (row === undefined) return false
      yield* sql`UPDATE posts SET comment_count = comment_count - 1 WHERE id = ${row.post_id}`
      return true
    }).pipe(sql.withTransaction, dieOnSqlError)

  return CommentRepo.of({ insert, findById, listByPost, listByAuthor, updateContent, softDelete })
})

export const layer: Layer.Layer<CommentRepo, never, SqlClient.SqlClient> = Layer.effect(CommentRepo, make)
