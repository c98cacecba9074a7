/**
 * The behaviour every ChannelRepo adapter must have: channels, moderators,
 * idempotent subscriptions and the subscriber counter that follows them.
 * Each test gets a fresh store; users are stored first because channels,
 * moderators and subscriptions refer to them.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { ChannelId, ChannelNameTaken, ChannelRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { at, fresh, ids, makeChannel, makeUser, type RepositoriesLayer, seedUsers } from "./Fixtures.js"

const owner = makeUser("owner")
const reader = makeUser("reader")
const another = makeUser("another")

const subscribers = (channelId: ChannelId) =>
  Effect.flatMap(ChannelRepo, (repo) => repo.findByRef(channelId)).pipe(
    Effect.map(Option.map((channel) => channel.subscriberCount))
  )

export const channelRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  addEqualityTesters()
  const run = fresh(layer)

  describe(`ChannelRepo contract: ${name}`, () => {
    it.effect("create stores the channel; the creator is moderator and only subscriber", () =>
      run(Effect.gen(function*() {
        const repo = yield* ChannelRepo
        yield* seedUsers(owner, reader)
        const channel = makeChannel("general", owner, { description: "All things", createdAt: at(5) })

        const created = yield* repo.create(channel)
        expect(created).toEqual(channel)
        expect(created.subscriberCount).toBe(1)
        expect(created.postCount).toBe(0)
        expect(yield* repo.findByName(channel.name)).toEqual(Option.some(channel))

        expect(yield* repo.isModerator(channel.id, owner.id)).toBe(true)
        expect(yield* repo.isModerator(channel.id, reader.id)).toBe(false)
        // Subscribing the creator again changes nothing; unsubscribing empties the channel.
        yield* repo.subscribe(channel.id, owner.id)
        expect(yield* subscribers(channel.id)).toEqual(Option.some(1))
        yield* repo.unsubscribe(channel.id, owner.id)
        expect(yield* subscribers(channel.id)).toEqual(Option.some(0))
      })))

    it.effect("findManyById finds the existing channels among the ids, once each", () =>
      run(Effect.gen(function*() {
        const repo = yield* ChannelRepo
        yield* seedUsers(owner, reader)
        const general = yield* repo.create(makeChannel("general", owner))
        const news = yield* repo.create(makeChannel("news", owner))
        yield* repo.create(makeChannel("other", owner))

        const found = yield* repo.findManyById([news.id, ChannelId.make("channel-missing"), general.id, news.id])
        expect(found.map((channel) => channel.id).sort()).toEqual([general.id, news.id].sort())
        expect(found.find((channel) => channel.id === news.id)).toEqual(news)
        expect(yield* repo.findManyById([])).toEqual([])
      })))

    it.effect("a taken name fails with ChannelNameTaken and leaves no trace", () =>
      run(Effect.gen(function*() {
        const repo = yield* ChannelRepo
        yield* seedUsers(owner, reader)
        const first = makeChannel("one", owner)
        const clash = makeChannel("two", reader, { name: first.name })
        yield* repo.create(first)

        expect(yield* Effect.flip(repo.create(clash))).toEqual(new ChannelNameTaken({ name: first.name }))
        expect(yield* repo.findByRef(clash.id)).toEqual(Option.none())
        expect(yield* repo.isModerator(clash.id, reader.id)).toBe(false)
        expect(yield* repo.findByName(first.name)).toEqual(Option.some(first))
        expect(ids(yield* repo.list("new", { limit: 10, offset: 0 }))).toEqual([first.id])
      })))

    it.effect("findByRef accepts the id or the name; unknown refs are None", () =>
      run(Effect.gen(function*() {
        const repo = yield* ChannelRepo
        yield* seedUsers(owner)
        const channel = makeChannel("lookup", owner)
        yield* repo.create(channel)

        expect(yield* repo.findByRef(channel.id)).toEqual(Option.some(channel))
        expect(yield* repo.findByRef(channel.name)).toEqual(Option.some(channel))
        expect(yield* repo.findByRef("chan-missing")).toEqual(Option.none())
        expect(yield* repo.findByName("chan-missing")).toEqual(Option.none())
        // findByName is by name only.
        expect(yield* repo.findByName(channel.id)).toEqual(Option.none())
      })))

    it.effect("subscribe is idempotent: a second subscribe counts once", () =>
      run(Effect.gen(function*() {
        const repo = yield* ChannelRepo
        yield* seedUsers(owner, reader)
        const channel = makeChannel("subs", owner)
        yield* repo.create(channel)

        yield* repo.subscribe(channel.id, reader.id)
        expect(yield* subscribers(channel.id)).toEqual(Option.some(2))
        yield* repo.subscribe(channel.id, reader.id)
        expect(yield* subscribers(channel.id)).toEqual(Option.some(2))
      })))

    it.effect("concurrent subscribes keep the counter equal to the subscriptions", () =>
      run(Effect.gen(function*() {
        const repo = yield* ChannelRepo
        yield* seedUsers(owner, reader, another)
        const channel = makeChannel("busy", owner)
        yield* repo.create(channel)

        const attempts = [reader, another, reader, another, owner, reader]
        yield* Effect.forEach(attempts, (user) => repo.subscribe(channel.id, user.id), {
          concurrency: "unbounded",
          discard: true
        })
        expect(yield* subscribers(channel.id)).toEqual(Option.some(3))
        yield* Effect.forEach([reader, reader, another], (user) => repo.unsubscribe(channel.id, user.id), {
          concurrency: "unbounded",
          discard: true
        })
        expect(yield* subscribers(channel.id)).toEqual(Option.some(1))
      })))

    it.effect("unsubscribe removes one subscription; repeating it or unsubscribing a stranger is a no-op", () =>
      run(Effect.gen(function*() {
        const repo = yield* ChannelRepo
        yield* seedUsers(owner, reader, another)
        const channel = makeChannel("unsubs", owner)
        yield* repo.create(channel)
        yield* repo.subscribe(channel.id, reader.id)

        yield* repo.unsubscribe(channel.id, reader.id)
        expect(yield* subscribers(channel.id)).toEqual(Option.some(1))
        yield* repo.unsubscribe(channel.id, reader.id)
        yield* repo.unsubscribe(channel.id, another.id)
        expect(yield* subscribers(channel.id)).toEqual(Option.some(1))
        // The subscription can be taken again after leaving.
        yield* repo.subscribe(channel.id, reader.id)
        expect(yield* subscribers(channel.id)).toEqual(Option.some(2))
      })))

    it.effect("isModerator is per channel and per user", () =>
      run(Effect.gen(function*() {
        const repo = yield* ChannelRepo
        yield* seedUsers(owner, reader)
        const mine = makeChannel("mine", owner)
        const theirs = makeChannel("theirs", reader)
        yield* repo.create(mine)
        yield* repo.create(theirs)

        expect(yield* repo.isModerator(mine.id, owner.id)).toBe(true)
        expect(yield* repo.isModerator(theirs.id, reader.id)).toBe(true)
        expect(yield* repo.isModerator(mine.id, reader.id)).toBe(false)
        expect(yield* repo.isModerator(theirs.id, owner.id)).toBe(false)
        // A subscriber is not a moderator.
        yield* repo.subscribe(mine.id, reader.id)
        expect(yield* repo.isModerator(mine.id, reader.id)).toBe(false)
        expect(yield* repo.isModerator(ChannelId.make("channel-none"), owner.id)).toBe(false)
      })))

    it.effect("list popular: most subscribers first, ties by id ascending, paged", () =>
      run(Effect.gen(function*() {
        const repo = yield* ChannelRepo
        yield* seedUsers(owner, reader, another)
        // b and c tie on one subscriber; d has three, a has two.
        const c = makeChannel("c", owner, { createdAt: at(1) })
        const a = makeChannel("a", owner, { createdAt: at(2) })
        const d = makeChannel("d", owner, { createdAt: at(3) })
        const b = makeChannel("b", owner, { createdAt: at(4) })
        yield* Effect.forEach([c, a, d, b], repo.create)
        yield* repo.subscribe(a.id, reader.id)
        yield* repo.subscribe(d.id, reader.id)
        yield* repo.subscribe(d.id, another.id)

        const all = yield* repo.list("popular", { limit: 10, offset: 0 })
        expect(ids(all)).toEqual([d.id, a.id, b.id, c.id])
        expect(all.map((channel) => channel.subscriberCount)).toEqual([3, 2, 1, 1])
        expect(ids(yield* repo.list("popular", { limit: 2, offset: 1 }))).toEqual([a.id, b.id])
        expect(ids(yield* repo.list("popular", { limit: 2, offset: 3 }))).toEqual([c.id])
      })))

    it.effect("list new: newest first, ties by id descending, paged", () =>
      run(Effect.gen(function*() {
        const repo = yield* ChannelRepo
        yield* seedUsers(owner)
        const a = makeChannel("a", owner, { createdAt: at(1) })
        const b = makeChannel("b", owner, { createdAt: at(3) })
        const c = makeChannel("c", owner, { createdAt: at(3) })
        const d = makeChannel("d", owner, { createdAt: at(2) })
        yield* Effect.forEach([b, a, d, c], repo.create)

        const all = yield* repo.list("new", { limit: 10, offset: 0 })
        expect(ids(all)).toEqual([c.id, b.id, d.id, a.id])
        expect(all[0]).toEqual(c)
        expect(ids(yield* repo.list("new", { limit: 2, offset: 2 }))).toEqual([d.id, a.id])
        expect(yield* repo.list("new", { limit: 2, offset: 4 })).toEqual([])
      })))
  })
}
