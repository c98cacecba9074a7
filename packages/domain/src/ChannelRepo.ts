/**
 * Port for stored channels, their moderators and subscriptions. Counters
 * (`subscriber_count`) change in the same atomic step as the rows they count.
 */
import * as Context from "effect/Context"
import type { Effect, Option } from "effect"
import type { Channel, ChannelSort } from "./Channel.js"
import type { ChannelNameTaken } from "./Errors.js"
import type { ChannelId, UserId } from "./Ids.js"
import type { Page } from "./Page.js"

export class ChannelRepo extends Context.Tag("@holonet/domain/ChannelRepo")<ChannelRepo, {
  /** Stores the channel with its creator as moderator and first subscriber. */
  readonly create: (channel: Channel) => Effect.Effect<Channel, ChannelNameTaken>
  readonly findByName: (name: string) => Effect.Effect<Option.Option<Channel>>
  /** A channel named by its id or by its name. */
  readonly findByRef: (ref: string) => Effect.Effect<Option.Option<Channel>>
  /** The channels among `ids` that exist, in no particular order (one lookup for the lot). */
  readonly findManyById: (ids: ReadonlyArray<ChannelId>) => Effect.Effect<ReadonlyArray<Channel>>
  /** `popular`: most subscribers first; `new`: newest first; ties by id. */
  readonly list: (sort: ChannelSort, page: Page) => Effect.Effect<ReadonlyArray<Channel>>
  /** Idempotent: subscribing twice counts once. */
  readonly subscribe: (channelId: ChannelId, userId: UserId) => Effect.Effect<void>
  readonly unsubscribe: (channelId: ChannelId, userId: UserId) => Effect.Effect<void>
  readonly isModerator: (channelId: ChannelId, userId: UserId) => Effect.Effect<boolean>
}>() {}
