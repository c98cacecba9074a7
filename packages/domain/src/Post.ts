/** Posts: a titled text in a channel, counted and voted on. */
import { Schema } from "effect"
import { ChannelRef } from "./Channel.js"
import { OptionalText, renamed } from "./Fields.js"
import { ChannelId, PostId, UserId } from "./Ids.js"
import { UserType } from "./User.js"

export const PostTitle = Schema.Trim.pipe(Schema.minLength(1), Schema.maxLength(300))
export const PostContent = Schema.String.pipe(Schema.maxLength(40_000))
export const Flair = OptionalText(64)

export class Post extends Schema.Class<Post>("Post")({
  id: PostId,
  title: PostTitle,
  content: PostContent,
  channelId: renamed(ChannelId, "channel_id"),
  flair: Flair,
  authorId: renamed(UserId, "author_id"),
  upvotes: Schema.NonNegativeInt,
  downvotes: Schema.NonNegativeInt,
  score: Schema.Int,
  commentCount: renamed(Schema.NonNegativeInt, "comment_count"),
  createdAt: renamed(Schema.DateTimeUtc, "created_at"),
  updatedAt: renamed(Schema.DateTimeUtc, "updated_at")
}) {}

/** Input of `POST /api/posts`; `channel_id` may be the channel's id or its name. */
export class NewPost extends Schema.Class<NewPost>("NewPost")({
  title: PostTitle,
  content: PostContent,
  channelId: renamed(ChannelRef, "channel_id"),
  flair: Schema.optionalWith(Flair, { exact: true })
}) {}

/** What an author may change; adapters refuse any other field. */
export const PostPatch = Schema.Struct({
  title: Schema.optionalWith(PostTitle, { exact: true }),
  content: Schema.optionalWith(PostContent, { exact: true }),
  flair: Schema.optionalWith(Flair, { exact: true })
})
export type PostPatch = typeof PostPatch.Type

export const PostSort = Schema.Literal("new")
export type PostSort = typeof PostSort.Type

/** Filters of `GET /api/posts`, resolved to ids by the use case. */
export interface PostQuery {
  readonly channel?: string
  readonly author?: string
  readonly authorType?: UserType
  readonly sort: PostSort
}

export interface PostFilter {
  readonly channelId?: ChannelId
  readonly authorId?: UserId
  readonly authorType?: UserType
  readonly sort: PostSort
}

