/**
 * Port for stored comments. Deleted comments stay readable (flagged, content
 * blanked). The post's `comment_count` (comments not deleted) moves in the
 * same atomic step as the comment row, and so does the `comment_created`
 * outbox event (replies, comments on posts and mentions are notified from it).
 */
import * as Context from "effect/Context"
import type { DateTime, Effect, Option } from "effect"
import type { Comment } from "./Comment.js"
import type { CommentId, PostId, UserId } from "./Ids.js"
import type { Page } from "./Page.js"

export class CommentRepo extends Context.Tag("@holonet/domain/CommentRepo")<CommentRepo, {
  readonly insert: (comment: Comment) => Effect.Effect<void>
  readonly findById: (id: CommentId) => Effect.Effect<Option.Option<Comment>>
  /** Every comment of a post, deleted ones included, in no particular order. */
  readonly listByPost: (postId: PostId) => Effect.Effect<ReadonlyArray<Comment>>
  /** An author's live comments on visible posts, newest first, ties by id descending. */
  readonly listByAuthor: (authorId: UserId, page: Page) => Effect.Effect<ReadonlyArray<Comment>>
  readonly updateContent: (id: CommentId, content: string, at: DateTime.Utc) => Effect.Effect<Option.Option<Comment>>
  /** True when a comment not yet deleted was deleted by this call. */
  readonly softDelete: (id: CommentId, at: DateTime.Utc) => Effect.Effect<boolean>
}>() {}
