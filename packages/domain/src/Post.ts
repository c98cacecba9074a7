/** Posts: a titled text in a channel, counted and voted on. */
import * as Schema from "effect/Schema"
import { ChannelRef } from "./Channel.js"
import { OptionalText, renamed, storableText } from "./Fields.js"
import { ChannelId, PostId, UserId } from "./Ids.js"
import type { PostOrder, PostSort, TopWindow } from "./Ranking.js"
import { UserType } from "./User.js"

export const PostTitle = Schema.Trim.pipe(Schema.minLength(1), Schema.maxLength(300), storableText)
export const PostContent = Schema.String.pipe(Schema.maxLength(40_000), storableText)
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

/** Filters and sort of `GET /api/posts`, resolved to ids by the use case. */
export interface PostQuery {
  readonly channel?: string
  readonly author?: string
  readonly authorType?: UserType
  readonly sort: PostSort
  /** Window of the `top` and `controversial` sorts; `all` when absent. */
  readonly t?: TopWindow
}

/** What a repository lists: equality filters, an order served by an index and an optional creation-time bound. */
export interface PostFilter {
  readonly channelId?: ChannelId
  readonly authorId?: UserId
  readonly authorType?: UserType
  /** Only posts of channels this user subscribes to or of users they follow (the home feed). */
  readonly feedOf?: UserId
  readonly order: PostOrder
  /** Only posts created at or after this instant (epoch ms). */
  readonly since?: number
}
