/** Use case: channels. The creator of a channel becomes its moderator. */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { Channel, type ChannelSort, type NewChannel } from "./Channel.js"
import { ChannelRepo } from "./ChannelRepo.js"
import { ChannelNotFound } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { ChannelId } from "./Ids.js"
import type { Page } from "./Page.js"
import { RateLimits } from "./RateLimits.js"
import { CurrentUser } from "./User.js"

export class Channels extends Effect.Service<Channels>()("@holonet/domain/Channels", {
  effect: Effect.gen(function*() {
    const channels = yield* ChannelRepo
    const ids = yield* IdGenerator
    const rateLimits = yield* RateLimits

    const create = Effect.fnUntraced(function*(input: NewChannel) {
      const user = yield* CurrentUser
      yield* rateLimits.forUser("CHANNEL", user)
      return yield* channels.create(
        new Channel({
          id: ChannelId.make(yield* ids.next),
          name: input.name,
          title: input.title,
          description: input.description ?? null,
          createdBy: user.id,
          subscriberCount: 1,
          postCount: 0,
          createdAt: yield* DateTime.now
        })
      )
    })

    const get = Effect.fnUntraced(function*(name: string) {
      const channel = yield* channels.findByName(name)
      if (Option.isNone(channel)) return yield* new ChannelNotFound({ channel: name })
      return channel.value
    })

    const list = (sort: ChannelSort, page: Page) => channels.list(sort, page)

    const subscribe = Effect.fnUntraced(function*(name: string) {
      const user = yield* CurrentUser
      yield* rateLimits.forUser("FOLLOW", user)
      const channel = yield* get(name)
      yield* channels.subscribe(channel.id, user.id)
    })

    const unsubscribe = Effect.fnUntraced(function*(name: string) {
      const user = yield* CurrentUser
      const channel = yield* get(name)
      yield* channels.unsubscribe(channel.id, user.id)
    })

    /** The channels of a page of posts, in one lookup (no query per post). */
    const findMany = (ids: ReadonlyArray<ChannelId>) => channels.findManyById(ids)

    return { create, get, list, findMany, subscribe, unsubscribe } as const
  })
}) {}
