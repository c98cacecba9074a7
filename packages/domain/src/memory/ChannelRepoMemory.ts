/** In-memory ChannelRepo: channels, moderators and subscriptions with their counter. */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { Channel } from "../Channel.js"
import { ChannelRepo } from "../ChannelRepo.js"
import { ChannelNameTaken } from "../Errors.js"
import type { ChannelId } from "../Ids.js"
import { compareIds, MemoryStore, pairKey, paginate } from "./MemoryStore.js"

export const make: Effect.Effect<Context.Tag.Service<ChannelRepo>, never, MemoryStore> = Effect.gen(function*() {
  const db = yield* MemoryStore
  const byName = (name: string) =>
    Option.fromNullable(db.channelNames.get(name)).pipe(
      Option.flatMap((id) => Option.fromNullable(db.channels.get(id)))
    )
  const bumpSubscribers = (channelId: ChannelId, delta: number) => {
    const channel = db.channels.get(channelId)
    if (channel !== undefined) {
      db.channels.set(channelId, new Channel({ ...channel, subscriberCount: channel.subscriberCount + delta }))
    }
  }
  return ChannelRepo.of({
    create: (channel) =>
      Effect.suspend(() => {
        if (db.channelNames.has(channel.name)) return Effect.fail(new ChannelNameTaken({ name: channel.name }))
        const stored = new Channel({ ...channel, subscriberCount: 1, postCount: 0 })
        db.channels.set(channel.id, stored)
        db.channelNames.set(channel.name, channel.id)
        db.moderators.add(pairKey(channel.id, channel.createdBy))
        db.subscriptions.add(pairKey(channel.id, channel.createdBy))
        return Effect.succeed(stored)
      }),
    findByName: (name) => Effect.sync(() => byName(name)),
    findByRef: (ref) => Effect.sync(() => Option.orElse(Option.fromNullable(db.channels.get(ref)), () => byName(ref))),
    findManyById: (ids) =>
      Effect.sync(() => [...new Set(ids)].flatMap((id) => Option.toArray(Option.fromNullable(db.channels.get(id))))),
    list: (sort, page) =>
      Effect.sync(() => {
        const all = Array.from(db.channels.values()).sort((a, b) =>
          sort === "popular"
            ? b.subscriberCount - a.subscriberCount || compareIds(a.id, b.id)
            : b.createdAt.epochMillis - a.createdAt.epochMillis || compareIds(b.id, a.id)
        )
        return paginate(all, page)
      }),
    subscribe: (channelId, userId) =>
      Effect.sync(() => {
        const key = pairKey(channelId, userId)
        if (!db.channels.has(channelId) || db.subscriptions.has(key)) return
        db.subscriptions.add(key)
        bumpSubscribers(channelId, 1)
      }),
    unsubscribe: (channelId, userId) =>
      Effect.sync(() => {
        if (db.subscriptions.delete(pairKey(channelId, userId))) bumpSubscribers(channelId, -1)
      }),
    isModerator: (channelId, userId) => Effect.sync(() => db.moderators.has(pairKey(channelId, userId)))
  })
})

export const layer: Layer.Layer<ChannelRepo, never, MemoryStore> = Layer.effect(ChannelRepo, make)
