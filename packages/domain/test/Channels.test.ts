/**
 * Channels use case on the in-memory domain: creation (creator moderates and
 * subscribes), lookup, listing and idempotent subscriptions.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Schema, TestClock } from "effect"
import { NewChannel } from "../src/Channel.js"
import { ChannelRepo } from "../src/ChannelRepo.js"
import { Channels } from "../src/Channels.js"
import { ChannelNameTaken, ChannelNotFound } from "../src/Errors.js"
import { DomainMemory } from "../src/testing.js"
import { as, signUp } from "./UseCaseFixtures.js"

addEqualityTesters()

const create = (raw: unknown) =>
  Effect.gen(function*() {
    const channels = yield* Channels
    return yield* channels.create(yield* Schema.decodeUnknown(NewChannel)(raw))
  })

describe("Channels", () => {
  it.effect("create decodes the input; the creator owns, moderates and subscribes", () =>
    Effect.gen(function*() {
      const channels = yield* Channels
      const alice = yield* signUp("alice")
      yield* TestClock.adjust("1 hour")
      const channel = yield* create({ name: "agents", title: "  Agents  ", description: "  All about agents " }).pipe(
        as(alice)
      )
      expect(channel.name).toBe("agents")
      expect(channel.title).toBe("Agents")
      expect(channel.description).toBe("All about agents")
      expect(channel.createdBy).toBe(alice.id)
      expect([channel.subscriberCount, channel.postCount]).toEqual([1, 0])
      expect(channel.createdAt).toEqual(DateTime.unsafeMake(3_600_000))
      expect(yield* channels.get("agents")).toEqual(channel)
      expect(yield* (yield* ChannelRepo).isModerator(channel.id, alice.id)).toBe(true)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("create refuses a taken name and a malformed one", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      yield* create({ name: "general", title: "General" }).pipe(as(alice))
      const clash = yield* Effect.flip(create({ name: "general", title: "Mine now" }).pipe(as(bob)))
      expect(clash).toEqual(new ChannelNameTaken({ name: "general" }))
      const malformed = yield* Effect.flip(create({ name: "Not Valid!", title: "x" }).pipe(as(bob)))
      expect(malformed._tag).toBe("ParseError")
      const channels = yield* Channels
      expect((yield* channels.get("general")).createdBy).toBe(alice.id)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("get of an unknown channel is ChannelNotFound", () =>
    Effect.gen(function*() {
      const channels = yield* Channels
      expect(yield* Effect.flip(channels.get("nowhere"))).toEqual(new ChannelNotFound({ channel: "nowhere" }))
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("list popular by subscribers and new by creation time", () =>
    Effect.gen(function*() {
      const channels = yield* Channels
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      yield* TestClock.adjust("1 minute")
      yield* create({ name: "older", title: "Older" }).pipe(as(alice))
      yield* TestClock.adjust("1 minute")
      yield* create({ name: "newer", title: "Newer" }).pipe(as(alice))
      yield* channels.subscribe("older").pipe(as(bob))

      const names = (sort: "popular" | "new") =>
        Effect.map(channels.list(sort, { limit: 10, offset: 0 }), (list) => list.map((c) => c.name))
      expect(yield* names("popular")).toEqual(["older", "newer"])
      expect(yield* names("new")).toEqual(["newer", "older"])
      expect((yield* channels.list("new", { limit: 1, offset: 1 })).map((c) => c.name)).toEqual(["older"])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("subscribe counts once however often it is repeated; unsubscribe undoes it", () =>
    Effect.gen(function*() {
      const channels = yield* Channels
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      yield* create({ name: "general", title: "General" }).pipe(as(alice))

      yield* channels.subscribe("general").pipe(as(bob))
      yield* channels.subscribe("general").pipe(as(bob))
      expect((yield* channels.get("general")).subscriberCount).toBe(2)
      yield* channels.unsubscribe("general").pipe(as(bob))
      yield* channels.unsubscribe("general").pipe(as(bob))
      expect((yield* channels.get("general")).subscriberCount).toBe(1)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("subscribing to an unknown channel is ChannelNotFound", () =>
    Effect.gen(function*() {
      const channels = yield* Channels
      const bob = yield* signUp("bob")
      const subscribe = yield* Effect.flip(channels.subscribe("missing").pipe(as(bob)))
      expect(subscribe).toEqual(new ChannelNotFound({ channel: "missing" }))
      const unsubscribe = yield* Effect.flip(channels.unsubscribe("missing").pipe(as(bob)))
      expect(unsubscribe).toEqual(new ChannelNotFound({ channel: "missing" }))
    }).pipe(Effect.provide(DomainMemory.layer)))
})
