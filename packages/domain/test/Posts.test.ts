/**
 * Posts use case on the in-memory domain: creation in a channel named by id
 * or name, filtered listing, author-only edits, and deletion by the author
 * or a moderator of the channel.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Schema, TestClock } from "effect"
import { Channels } from "../src/Channels.js"
import { ChannelNotFound, PermissionDenied, PostNotFound, UserNotFound } from "../src/Errors.js"
import { PostId } from "../src/Ids.js"
import type { Page } from "../src/Page.js"
import { NewPost, PostPatch, type PostQuery } from "../src/Post.js"
import { Posts } from "../src/Posts.js"
import { DomainMemory } from "../src/testing.js"
import type { User } from "../src/User.js"
import { as, openChannel, signUp, storeAgent } from "./UseCaseFixtures.js"

addEqualityTesters()

const everything: Page = { limit: 100, offset: 0 }

const write = (author: User, raw: unknown) =>
  Effect.gen(function*() {
    const posts = yield* Posts
    return yield* posts.create(yield* Schema.decodeUnknown(NewPost)(raw)).pipe(as(author))
  })

const titles = (query: Omit<PostQuery, "sort">) =>
  Effect.flatMap(Posts, (posts) => posts.list({ ...query, sort: "new" }, everything)).pipe(
    Effect.map((list) => list.map((post) => post.title))
  )

describe("Posts", () => {
  it.effect("create by channel name or id; the caller is the author and the channel counts it", () =>
    Effect.gen(function*() {
      const posts = yield* Posts
      const channels = yield* Channels
      const alice = yield* signUp("alice")
      const general = yield* openChannel(alice, "general")
      yield* TestClock.adjust("10 minutes")

      const byName = yield* write(alice, { title: "  By name  ", content: "hello", channel_id: "general" })
      expect(byName.title).toBe("By name")
      expect(byName.channelId).toBe(general.id)
      expect(byName.authorId).toBe(alice.id)
      expect(byName.flair).toBeNull()
      expect([byName.upvotes, byName.downvotes, byName.score, byName.commentCount]).toEqual([0, 0, 0, 0])
      expect(byName.createdAt).toEqual(DateTime.unsafeMake(600_000))
      expect(byName.updatedAt).toEqual(byName.createdAt)

      const byId = yield* write(alice, { title: "By id", content: "", channel_id: general.id, flair: "meta" })
      expect(byId.channelId).toBe(general.id)
      expect(byId.flair).toBe("meta")

      expect(yield* posts.get(byName.id)).toEqual(byName)
      expect((yield* channels.get("general")).postCount).toBe(2)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("create in an unknown channel is ChannelNotFound and stores nothing", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const lost = yield* Effect.flip(write(alice, { title: "Lost", content: "", channel_id: "nowhere" }))
      expect(lost).toEqual(new ChannelNotFound({ channel: "nowhere" }))
      expect(yield* titles({})).toEqual([])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("list filters by channel (id or name), author username and author type", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bot = yield* storeAgent("helper_bot")
      const general = yield* openChannel(alice, "general")
      yield* openChannel(alice, "random")
      const post = (author: User, channel: string, title: string) =>
        TestClock.adjust("1 minute").pipe(
          Effect.zipRight(write(author, { title, content: "", channel_id: channel }))
        )
      yield* post(alice, "general", "g-alice")
      yield* post(bot, "general", "g-bot")
      yield* post(alice, "random", "r-alice")
      yield* post(bot, "random", "r-bot")

      expect(yield* titles({})).toEqual(["r-bot", "r-alice", "g-bot", "g-alice"])
      expect(yield* titles({ channel: "general" })).toEqual(["g-bot", "g-alice"])
      expect(yield* titles({ channel: general.id })).toEqual(["g-bot", "g-alice"])
      expect(yield* titles({ author: "ALICE" })).toEqual(["r-alice", "g-alice"])
      expect(yield* titles({ authorType: "agent" })).toEqual(["r-bot", "g-bot"])
      expect(yield* titles({ channel: "random", authorType: "human" })).toEqual(["r-alice"])
      expect(yield* titles({ channel: "random", author: "helper_bot" })).toEqual(["r-bot"])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("list with an unknown author or channel fails instead of returning everything", () =>
    Effect.gen(function*() {
      const posts = yield* Posts
      const alice = yield* signUp("alice")
      yield* openChannel(alice, "general")
      yield* write(alice, { title: "t", content: "", channel_id: "general" })

      const unknownAuthor = yield* Effect.flip(posts.list({ author: "ghost", sort: "new" }, everything))
      expect(unknownAuthor).toEqual(new UserNotFound({ username: "ghost" }))
      const unknownChannel = yield* Effect.flip(posts.list({ channel: "nowhere", sort: "new" }, everything))
      expect(unknownChannel).toEqual(new ChannelNotFound({ channel: "nowhere" }))
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("the author updates only the patched fields; updatedAt moves", () =>
    Effect.gen(function*() {
      const posts = yield* Posts
      const alice = yield* signUp("alice")
      yield* openChannel(alice, "general")
      const original = yield* write(alice, { title: "Draft", content: "body", channel_id: "general", flair: "wip" })
      yield* TestClock.adjust("1 hour")

      const patch = yield* Schema.decodeUnknown(PostPatch)({ title: "  Final  " })
      const updated = yield* posts.update(original.id, patch).pipe(as(alice))
      expect([updated.title, updated.content, updated.flair]).toEqual(["Final", "body", "wip"])
      expect(updated.createdAt).toEqual(original.createdAt)
      expect(updated.updatedAt).toEqual(DateTime.unsafeMake(3_600_000))
      expect(yield* posts.get(original.id)).toEqual(updated)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("fields outside title/content/flair never reach the post", () =>
    Effect.gen(function*() {
      const posts = yield* Posts
      const alice = yield* signUp("alice")
      yield* openChannel(alice, "general")
      const original = yield* write(alice, { title: "Mine", content: "body", channel_id: "general" })

      // Decoding keeps only the patchable fields; HTTP refuses the extras before this.
      const patch = yield* Schema.decodeUnknown(PostPatch)({ title: "Edited", upvotes: 1000, author_id: "x" })
      expect(patch).toEqual({ title: "Edited" })
      const updated = yield* posts.update(original.id, patch).pipe(as(alice))
      expect([updated.title, updated.upvotes, updated.authorId]).toEqual(["Edited", 0, alice.id])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("an update by someone other than the author is PermissionDenied and changes nothing", () =>
    Effect.gen(function*() {
      const posts = yield* Posts
      const alice = yield* signUp("alice")
      const mallory = yield* signUp("mallory")
      yield* openChannel(alice, "general")
      const original = yield* write(alice, { title: "Mine", content: "body", channel_id: "general" })
      yield* TestClock.adjust("1 minute")

      const error = yield* Effect.flip(posts.update(original.id, { title: "Hijacked" }).pipe(as(mallory)))
      expect(error).toBeInstanceOf(PermissionDenied)
      expect(yield* posts.get(original.id)).toEqual(original)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("the author deletes; the post is then gone for get, update, delete and list", () =>
    Effect.gen(function*() {
      const posts = yield* Posts
      const channels = yield* Channels
      const alice = yield* signUp("alice")
      yield* openChannel(alice, "general")
      const post = yield* write(alice, { title: "Bye", content: "", channel_id: "general" })

      yield* posts.remove(post.id).pipe(as(alice))
      const gone = new PostNotFound({ id: post.id })
      expect(yield* Effect.flip(posts.get(post.id))).toEqual(gone)
      expect(yield* Effect.flip(posts.remove(post.id).pipe(as(alice)))).toEqual(gone)
      expect(yield* Effect.flip(posts.update(post.id, { title: "Back" }).pipe(as(alice)))).toEqual(gone)
      expect(yield* titles({})).toEqual([])
      expect((yield* channels.get("general")).postCount).toBe(0)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("a moderator of the channel may delete someone else's post", () =>
    Effect.gen(function*() {
      const posts = yield* Posts
      const moderator = yield* signUp("moderator")
      const author = yield* signUp("author")
      yield* openChannel(moderator, "general")
      const post = yield* write(author, { title: "Off topic", content: "", channel_id: "general" })

      yield* posts.remove(post.id).pipe(as(moderator))
      expect(yield* Effect.flip(posts.get(post.id))).toEqual(new PostNotFound({ id: post.id }))
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("a stranger may not delete: PermissionDenied and the post stays", () =>
    Effect.gen(function*() {
      const posts = yield* Posts
      const moderator = yield* signUp("moderator")
      const author = yield* signUp("author")
      const stranger = yield* signUp("stranger")
      yield* openChannel(moderator, "general")
      // Moderating another channel grants nothing here.
      yield* openChannel(stranger, "elsewhere")
      const post = yield* write(author, { title: "Stays", content: "", channel_id: "general" })

      const error = yield* Effect.flip(posts.remove(post.id).pipe(as(stranger)))
      expect(error).toBeInstanceOf(PermissionDenied)
      expect(yield* posts.get(post.id)).toEqual(post)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("get of an unknown id is PostNotFound", () =>
    Effect.gen(function*() {
      const posts = yield* Posts
      const id = PostId.make("no-such-post")
      expect(yield* Effect.flip(posts.get(id))).toEqual(new PostNotFound({ id }))
    }).pipe(Effect.provide(DomainMemory.layer)))
})
