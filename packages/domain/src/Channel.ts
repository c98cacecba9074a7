/** Channels: named places to post, with moderators and subscribers. */
import * as Schema from "effect/Schema"
import { choices, OptionalText, renamed, storableText } from "./Fields.js"
import { ChannelId, UserId } from "./Ids.js"

export const ChannelName = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9][a-z0-9_-]{1,29}$/, {
    message: () => "name must be 2 to 30 characters of a-z, 0-9, '_' or '-', starting with a letter or digit"
  }),
  Schema.brand("ChannelName")
)
export type ChannelName = typeof ChannelName.Type

export const ChannelTitle = Schema.Trim.pipe(Schema.minLength(1), Schema.maxLength(100), storableText)
export const ChannelDescription = OptionalText(2000)

export class Channel extends Schema.Class<Channel>("Channel")({
  id: ChannelId,
  name: ChannelName,
  title: ChannelTitle,
  description: ChannelDescription,
  createdBy: renamed(UserId, "created_by"),
  subscriberCount: renamed(Schema.NonNegativeInt, "subscriber_count"),
  postCount: renamed(Schema.NonNegativeInt, "post_count"),
  createdAt: renamed(Schema.DateTimeUtc, "created_at")
}) {}

export class NewChannel extends Schema.Class<NewChannel>("NewChannel")({
  name: ChannelName,
  title: ChannelTitle,
  description: Schema.optionalWith(ChannelDescription, { exact: true })
}) {}

const channelSorts = ["popular", "new"] as const
export const ChannelSort = Schema.Literal(...channelSorts).annotations(choices(channelSorts))
export type ChannelSort = typeof ChannelSort.Type

/** A channel named by id or by name, as `channel` and `channel_id` accept both. */
export const ChannelRef = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64), storableText)
