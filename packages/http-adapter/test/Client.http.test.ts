/**
 * The typed client derived from HoloApi (`HttpApiClient.make`) against the
 * real server: the contract's schemas decode what the server encodes, and
 * error statuses come back as the adapter's error classes.
 */
import { HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import {
  ChannelName,
  Credentials,
  NewChannel,
  NewComment,
  NewPost,
  NewUser,
  Post,
  PostId,
  User,
  Username
} from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Redacted, TestClock } from "effect"
import { HoloApi } from "../src/Api.js"
import { Conflict, NotFound, Unauthorized, Unprocessable, ValidationError } from "../src/HttpErrors.js"
import { drainNotifications, TestServer } from "@holonet/http-adapter/testing"

describe("HttpApiClient.make(HoloApi)", () => {
  it.effect("register, login, create a channel and a post, read it back; errors decode to their classes", () =>
    Effect.gen(function*() {
      const anonymous = yield* HttpApiClient.make(HoloApi)

      const alice = yield* anonymous.users.register({
        payload: NewUser.make({ username: Username.make("alice"), password: Redacted.make("password123") })
      })
      expect(alice.username).toBe("alice")
      expect(alice.userType).toBe("human")
      expect(DateTime.isDateTime(alice.createdAt)).toBe(true)

      const clash = yield* Effect.flip(anonymous.users.register({
        payload: NewUser.make({ username: Username.make("ALICE"), password: Redacted.make("password123") })
      }))
      expect(clash).toBeInstanceOf(Conflict)
      expect(clash).toMatchObject({ detail: "Username 'ALICE' is already taken", code: "username_taken" })

      const token = yield* anonymous.auth.login({
        payload: Credentials.make({ username: "alice", password: Redacted.make("password123") })
      })
      expect(token.token_type).toBe("bearer")
      expect(token.expires_in).toBe(3600)
      const badLogin = yield* Effect.flip(anonymous.auth.login({
        payload: Credentials.make({ username: "alice", password: Redacted.make("wrong-password") })
      }))
      expect(badLogin).toBeInstanceOf(Unauthorized)

      const client = yield* HttpApiClient.make(HoloApi, {
        transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(token.access_token))
      })
      expect(yield* client.users.me()).toEqual(alice)

      const channel = yield* client.channels.create({
        payload: NewChannel.make({ name: ChannelName.make("general"), title: "General" })
      })
      expect(channel.name).toBe("general")
      expect(channel.createdBy).toBe(alice.id)

      const post = yield* client.posts.create({
        payload: NewPost.make({ title: "From the typed client", content: "hello", channelId: "general" })
      })
      expect(post.channelId).toBe(channel.id)
      expect(post.authorId).toBe(alice.id)

      const fetched = yield* anonymous.posts.get({ path: { id: post.id } })
      expect(fetched).toEqual(post)
      expect(yield* anonymous.posts.list({ urlParams: { channel: "general", limit: 10 } })).toEqual([post])
      expect((yield* anonymous.channels.get({ path: { name: "general" } })).postCount).toBe(1)

      const missingId = PostId.make("0190a5f2-0000-7000-8000-000000000000")
      const missing = yield* Effect.flip(anonymous.posts.get({ path: { id: missingId } }))
      expect(missing).toBeInstanceOf(NotFound)
      expect(missing).toMatchObject({ detail: `Post '${missingId}' not found`, code: "post_not_found" })

      const noChannel = yield* Effect.flip(client.posts.create({
        payload: NewPost.make({ title: "Lost", content: "", channelId: "nowhere" })
      }))
      expect(noChannel).toBeInstanceOf(NotFound)

      const notAuthor = yield* Effect.flip(anonymous.posts.delete({ path: { id: post.id } }))
      expect(notAuthor).toBeInstanceOf(Unauthorized)

      yield* client.posts.delete({ path: { id: post.id } })
      expect(yield* Effect.flip(anonymous.posts.get({ path: { id: post.id } }))).toBeInstanceOf(NotFound)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("feed, follows, notifications and search through the typed client", () =>
    Effect.gen(function*() {
      const anonymous = yield* HttpApiClient.make(HoloApi)
      const as = (username: string) =>
        Effect.gen(function*() {
          yield* anonymous.users.register({
            payload: NewUser.make({ username: Username.make(username), password: Redacted.make("password123") })
          })
          const token = yield* anonymous.auth.login({
            payload: Credentials.make({ username, password: Redacted.make("password123") })
          })
          return yield* HttpApiClient.make(HoloApi, {
            transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(token.access_token))
          })
        })
      const alice = yield* as("alice")
      const bob = yield* as("bob")
      yield* alice.channels.create({
        payload: NewChannel.make({ name: ChannelName.make("general"), title: "General" })
      })
      const post = yield* alice.posts.create({
        payload: NewPost.make({ title: "Typed search target", content: "", channelId: "general" })
      })

      yield* bob.follows.follow({ path: { username: "alice" } })
      const followers = yield* anonymous.follows.followers({ path: { username: "alice" }, urlParams: {} })
      expect(followers.map((u) => u.username)).toEqual(["bob"])
      expect(followers[0]).toBeInstanceOf(User)
      const self = yield* Effect.flip(alice.follows.follow({ path: { username: "alice" } }))
      expect(self).toBeInstanceOf(Unprocessable)
      expect(self).toMatchObject({ code: "cannot_follow_self" })

      expect(yield* bob.posts.feed({ urlParams: { sort: "top", t: "day" } })).toEqual([post])
      expect(yield* anonymous.posts.list({ urlParams: { sort: "controversial", t: "all" } })).toEqual([post])

      // Ids of one millisecond are in random order: keep the two events apart.
      yield* TestClock.adjust("1 second")
      yield* bob.comments.create({ payload: NewComment.make({ postId: post.id, content: "Hi @alice" }) })
      yield* drainNotifications
      const unread = yield* alice.notifications.list({ urlParams: { unread_only: true } })
      expect(unread.map((n) => [n.kind, n.postId, n.readAt])).toEqual([
        ["comment_on_post", post.id, null],
        ["follow", null, null]
      ])
      const newest = unread[0]
      if (newest === undefined) return yield* Effect.dieMessage("no notification")
      yield* alice.notifications.markRead({ payload: { ids: [newest.id] } })
      expect(yield* alice.notifications.list({ urlParams: { unread_only: true } })).toEqual([unread[1]])
      yield* alice.notifications.markRead({ payload: {} })
      expect(yield* alice.notifications.list({ urlParams: { unread_only: true } })).toEqual([])
      expect(yield* alice.notifications.list({ urlParams: { unread_only: false } })).toHaveLength(2)

      const found = yield* anonymous.search.find({ urlParams: { q: "typed target" } })
      // The comment bumped comment_count since `post` was read.
      expect(found).toEqual([new Post({ ...post, commentCount: 1 })])
      expect(found[0]).toBeInstanceOf(Post)
      const users = yield* anonymous.search.find({ urlParams: { q: "bob", type: "users" } })
      expect(users.map((u) => "username" in u ? u.username : null)).toEqual(["bob"])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("a 422 from the server decodes as ValidationError", () =>
    Effect.gen(function*() {
      // The client validates its inputs locally, so the out-of-range limit is
      // added to the request after encoding, by the underlying HttpClient.
      const client = yield* HttpApiClient.make(HoloApi, {
        transformClient: HttpClient.mapRequest(HttpClientRequest.setUrlParam("limit", "0"))
      })
      const error = yield* Effect.flip(client.users.list({ urlParams: {} }))
      expect(error).toBeInstanceOf(ValidationError)
      expect(error).toMatchObject({ detail: [{ loc: ["query", "limit"], type: "refinement" }] })
    }).pipe(Effect.provide(TestServer.layer())))
})
