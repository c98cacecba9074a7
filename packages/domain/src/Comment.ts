/**
 * Comments: threaded replies under a post. A deleted comment keeps its place
 * in the thread (so replies still make sense) with its content blanked.
 */
import * as Schema from "effect/Schema"
import { choices, optionalRenamed, renamed, storableText } from "./Fields.js"
import { CommentId, PostId, UserId } from "./Ids.js"

export const CommentContent = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(10_000), storableText)

/** Replies may nest this deep (0 is a top-level comment); deeper is refused. */
export const maxCommentDepth = 50

export class Comment extends Schema.Class<Comment>("Comment")({
  id: CommentId,
  postId: renamed(PostId, "post_id"),
  parentId: renamed(Schema.NullOr(CommentId), "parent_id"),
  authorId: renamed(UserId, "author_id"),
  content: Schema.String,
  upvotes: Schema.NonNegativeInt,
  downvotes: Schema.NonNegativeInt,
  score: Schema.Int,
  depth: Schema.NonNegativeInt,
  createdAt: renamed(Schema.DateTimeUtc, "created_at"),
  updatedAt: renamed(Schema.DateTimeUtc, "updated_at"),
  isDeleted: renamed(Schema.Boolean, "is_deleted")
}) {}

/** Input of `POST /api/comments`. */
export class NewComment extends Schema.Class<NewComment>("NewComment")({
  postId: renamed(PostId, "post_id"),
  content: CommentContent,
  parentId: optionalRenamed(Schema.NullOr(CommentId), "parent_id")
}) {}

export const CommentPatch = Schema.Struct({ content: CommentContent })
export type CommentPatch = typeof CommentPatch.Type

const commentSorts = ["best", "top", "new", "old"] as const
export const CommentSort = Schema.Literal(...commentSorts).annotations(choices(commentSorts))
export type CommentSort = typeof CommentSort.Type

export const CommentLimit = Schema.Int.pipe(Schema.between(1, 500))
