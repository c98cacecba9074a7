/** In-memory CommentRepo; keeps the post's comment counter in step with its comments. */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { Comment } from "../Comment.js"
import { CommentRepo } from "../CommentRepo.js"
import type { PostId } from "../Ids.js"
import { Post } from "../Post.js"
import { compareIds, MemoryStore, paginate, recordEvent } from "./MemoryStore.js"

export const make: Effect.Effect<Context.Tag.Service<CommentRepo>, never, MemoryStore> = Effect.gen(function*() {
  const db = yield* MemoryStore
  const bumpComments = (postId: PostId, delta: number) => {
    const row = db.posts.get(postId)
    if (row !== undefined) row.post = new Post({ ...row.post, commentCount: row.post.commentCount + delta }, true)
  }
  return CommentRepo.of({
    insert: (comment) =>
      Effect.sync(() => {
        db.comments.set(comment.id, comment)
        // Only live comments count.
        if (!comment.isDeleted) bumpComments(comment.postId, 1)
        recordEvent(db, { kind: "comment_created", commentId: comment.id }, comment.createdAt.epochMillis)
      }),
    findById: (id) => Effect.sync(() => Option.fromNullable(db.comments.get(id))),
    listByPost: (postId) => Effect.sync(() => Array.from(db.comments.values()).filter((c) => c.postId === postId)),
    listByAuthor: (authorId, page) =>
      Effect.sync(() =>
        paginate(
          Array.from(db.comments.values())
            .filter((c) => c.authorId === authorId && !c.isDeleted && db.posts.get(c.postId)?.deletedAt === null)
            .sort((a, b) => b.createdAt.epochMillis - a.createdAt.epochMillis || compareIds(b.id, a.id)),
          page
        )
      ),
    updateContent: (id, content, at) =>
      Effect.sync(() => {
        const comment = db.comments.get(id)
        if (comment === undefined || comment.isDeleted) return Option.none()
        const updated = new Comment({ ...comment, content, updatedAt: at }, true)
        db.comments.set(id, updated)
        return Option.some(updated)
      }),
    softDelete: (id, at) =>
      Effect.sync(() => {
        const comment = db.comments.get(id)
        if (comment === undefined || comment.isDeleted) return false
        db.comments.set(id, new Comment({ ...comment, content: "", isDeleted: true, updatedAt: at }, true))
        bumpComments(comment.postId, -1)
        return true
      })
  })
})

export const layer: Layer.Layer<CommentRepo, never, MemoryStore> = Layer.effect(CommentRepo, make)
