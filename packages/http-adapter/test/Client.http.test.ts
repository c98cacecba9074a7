/**
 * The typed client derived from HoloApi (`HttpApiClient.make`) against the
 * real server: the contract's schemas decode what the server encodes, and
 * error statuses come back as the adapter's error classes.
 */
import { HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { ChannelName, Credentials, NewChannel, NewPost, NewUser, PostId, Username } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Redacted } from "effect"
import { HoloApi } from "../src/Api.js"
import { Conflict, NotFound, Unauthorized, ValidationError } from "../src/HttpErrors.js"
import { makeTestServer } from "./TestServer.js"

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
    }).pipe(Effect.provide(makeTestServer())))

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
    }).pipe(Effect.provide(makeTestServer())))
})
