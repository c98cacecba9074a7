/**
 * Use case: comments. Replies stay on their parent's post and nest at most
 * `maxCommentDepth` deep; only the author edits; the author or a moderator of
 * the post's channel deletes, and the comment keeps its place in the thread.
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { ChannelRepo } from "./ChannelRepo.js"
import { Comment, type CommentPatch, type CommentSort, maxCommentDepth, type NewComment } from "./Comment.js"
import { CommentRepo } from "./CommentRepo.js"
import { CommentNotFound, ParentNotInPost, PermissionDenied, PostNotFound, ThreadTooDeep } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { CommentId, type PostId, type UserId } from "./Ids.js"
import type { Page } from "./Page.js"
import { OutboxSignal } from "./OutboxSignal.js"
import { PostRepo } from "./PostRepo.js"
import { RateLimits } from "./RateLimits.js"
import { threadOrder } from "./Thread.js"
import { CurrentUser } from "./User.js"

export class Comments extends Effect.Service<Comments>()("@holonet/domain/Comments", {
  effect: Effect.gen(function*() {
    const comments = yield* CommentRepo
    const posts = yield* PostRepo
    const channels = yield* ChannelRepo
    const ids = yield* IdGenerator
    const outbox = yield* OutboxSignal
    const rateLimits = yield* RateLimits

    const visiblePost = Effect.fnUntraced(function*(id: PostId) {
      const post = yield* posts.findById(id)
      if (Option.isNone(post)) return yield* new PostNotFound({ id })
      return post.value
    })

    /** A comment of a visible post; deleted comments too unless `liveOnly`. */
    const find = Effect.fnUntraced(function*(id: CommentId, liveOnly: boolean) {
      const comment = yield* comments.findById(id)
      if (Option.isNone(comment) || (liveOnly && comment.value.isDeleted)) return yield* new CommentNotFound({ id })
      const post = yield* posts.findById(comment.value.postId)
      if (Option.isNone(post)) return yield* new CommentNotFound({ id })
      return { comment: comment.value, post: post.value }
    })

    const create = Effect.fnUntraced(function*(input: NewComment) {
      yield* rateLimits.forCaller("COMMENT")
      const author = yield* CurrentUser
      const post = yield* visiblePost(input.postId)
      let depth = 0
      if (input.parentId !== undefined && input.parentId !== null) {
        const parent = yield* comments.findById(input.parentId)
        if (Option.isNone(parent) || parent.value.isDeleted) {
          return yield* new CommentNotFound({ id: input.parentId })
        }
        if (parent.value.postId !== post.id) {
          return yield* new ParentNotInPost({ parentId: input.parentId, postId: post.id })
        }
        depth = parent.value.depth + 1
        if (depth > maxCommentDepth) return yield* new ThreadTooDeep({ maxDepth: maxCommentDepth })
      }
      const now = yield* DateTime.now
      const comment = new Comment({
        id: CommentId.make(yield* ids.next),
        postId: post.id,
        parentId: input.parentId ?? null,
        authorId: author.id,
        content: input.content,
        upvotes: 0,
        downvotes: 0,
        score: 0,
        depth,
        createdAt: now,
        updatedAt: now,
        isDeleted: false
      })
      yield* comments.insert(comment)
      yield* outbox.wake
      return comment
    })

    const list = Effect.fnUntraced(function*(postId: PostId, sort: CommentSort, page: Page) {
      yield* visiblePost(postId)
      const ordered = threadOrder(yield* comments.listByPost(postId), sort)
      return ordered.slice(page.offset, page.offset + page.limit)
    })

    const get = Effect.fnUntraced(function*(id: CommentId) {
      return (yield* find(id, false)).comment
    })

    const update = Effect.fnUntraced(function*(id: CommentId, patch: CommentPatch) {
      const user = yield* CurrentUser
      const { comment } = yield* find(id, true)
      if (comment.authorId !== user.id) {
        return yield* new PermissionDenied({ reason: "Only the author can edit this comment" })
      }
      const updated = yield* comments.updateContent(id, patch.content, yield* DateTime.now)
      if (Option.isNone(updated)) return yield* new CommentNotFound({ id })
      return updated.value
    })

    const remove = Effect.fnUntraced(function*(id: CommentId) {
      const user = yield* CurrentUser
      const { comment, post } = yield* find(id, true)
      const allowed = comment.authorId === user.id || (yield* channels.isModerator(post.channelId, user.id))
      if (!allowed) {
        return yield* new PermissionDenied({
          reason: "Only the author or a moderator of the channel can delete this comment"
        })
      }
      if (!(yield* comments.softDelete(id, yield* DateTime.now))) return yield* new CommentNotFound({ id })
    })

    /** A user's recent live comments on visible posts, newest first. */
    const byAuthor = (authorId: UserId, page: Page) => comments.listByAuthor(authorId, page)

    return { create, list, byAuthor, get, update, remove } as const
  })
}) {}
