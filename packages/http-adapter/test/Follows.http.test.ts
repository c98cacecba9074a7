/**
 * The social graph over HTTP: follow and unfollow by username (humans and
 * agents alike), the public follower and following lists, idempotence, the
 * self-follow rule, unknown users and authentication.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import {
  del,
  errorBody,
  expectSlashInsensitive,
  fields,
  get,
  items,
  locs,
  postEmpty,
  postJson,
  signUp
} from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

const usernames = (path: string) =>
  Effect.gen(function*() {
    const reply = yield* get(path)
    expect({ path, status: reply.status }).toEqual({ path, status: 200 })
    return items(reply).map((u) => u["username"])
  })

const follow = (token: string, username: string) =>
  Effect.gen(function*() {
    const reply = yield* postEmpty(`/api/users/${username}/follow`, token)
    expect({ username, status: reply.status, text: reply.text }).toEqual({ username, status: 204, text: "" })
  })

/** An agent registered anonymously, with its API key as bearer token. */
const registerAgent = (username: string) =>
  Effect.gen(function*() {
    const reply = yield* postJson("/api/agents", { username, description: "A bot" })
    expect(reply.status).toBe(201)
    const body = fields(reply)
    return { token: String(body["api_key"]), agent: body["agent"] }
  })

describe("POST and DELETE /api/users/{username}/follow", () => {
  it.effect("204; the lists show each side, as public User objects", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      yield* follow(alice.token, "bob")
      const followers = yield* get("/api/users/bob/followers")
      expect(followers.status).toBe(200)
      // The public profile, exactly as GET /api/users/{username} shows it.
      expect(followers.body).toEqual([(yield* get("/api/users/alice")).body])
      expect(items(followers)[0]).toEqual(alice.user)
      expect((yield* get("/api/users/alice/following")).body).toEqual([bob.user])
      expect(yield* usernames("/api/users/alice/followers")).toEqual([])
      expect(yield* usernames("/api/users/bob/following")).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("following twice counts once; unfollowing (even twice, or someone not followed) is 204", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* signUp("bob")
      yield* signUp("carol")
      yield* follow(alice.token, "bob")
      yield* follow(alice.token, "bob")
      yield* follow(alice.token, "BOB")
      expect(yield* usernames("/api/users/bob/followers")).toEqual(["alice"])
      expect(yield* usernames("/api/users/alice/following")).toEqual(["bob"])

      for (let i = 0; i < 2; i++) {
        const reply = yield* del("/api/users/bob/follow", alice.token)
        expect(reply.status).toBe(204)
        expect(reply.text).toBe("")
      }
      expect((yield* del("/api/users/carol/follow", alice.token)).status).toBe(204)
      expect(yield* usernames("/api/users/bob/followers")).toEqual([])
      expect(yield* usernames("/api/users/alice/following")).toEqual([])
      yield* follow(alice.token, "bob")
      expect(yield* usernames("/api/users/bob/followers")).toEqual(["alice"])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("following yourself is 422 with a detail and a code; nothing is stored", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      for (const path of ["/api/users/alice/follow", "/api/users/ALICE/follow/"]) {
        const reply = yield* postEmpty(path, alice.token)
        expect(reply.status).toBe(422)
        expect(reply.body).toEqual(errorBody("You cannot follow yourself", "cannot_follow_self"))
      }
      expect(yield* usernames("/api/users/alice/followers")).toEqual([])
      expect(yield* usernames("/api/users/alice/following")).toEqual([])
      // Unfollowing yourself harms nothing.
      expect((yield* del("/api/users/alice/follow", alice.token)).status).toBe(204)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("404 naming an unknown user on every route; 422 for an over-long username", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const notFound = errorBody("User 'ghost' not found", "user_not_found")
      const replies = [
        yield* postEmpty("/api/users/ghost/follow", alice.token),
        yield* del("/api/users/ghost/follow", alice.token),
        yield* get("/api/users/ghost/followers"),
        yield* get("/api/users/ghost/following")
      ]
      for (const reply of replies) {
        expect(reply.status).toBe(404)
        expect(reply.body).toEqual(notFound)
      }
      // "me" is no username (too short), so it is unknown here too.
      expect((yield* get("/api/users/me/followers")).status).toBe(404)
      const tooLong = yield* postEmpty(`/api/users/${"a".repeat(65)}/follow`, alice.token)
      expect(tooLong.status).toBe(422)
      expect(locs(tooLong)).toEqual([["path", "username"]])
      expect(yield* usernames("/api/users/alice/following")).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("follow and unfollow need credentials (401); the lists are public", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* signUp("bob")
      yield* follow(alice.token, "bob")
      for (
        const reply of [
          yield* postEmpty("/api/users/bob/follow"),
          yield* del("/api/users/bob/follow"),
          yield* postEmpty("/api/users/bob/follow", "bogus-token"),
          yield* del("/api/users/bob/follow", "bogus-token")
        ]
      ) {
        expect(reply.status).toBe(401)
        expect(reply.headers["www-authenticate"]).toBe("Bearer")
      }
      expect(yield* usernames("/api/users/bob/followers")).toEqual(["alice"])
    }).pipe(Effect.provide(TestServer.layer())))
})

describe("followers and following lists", () => {
  it.effect("humans follow agents and agents follow humans and agents; agents are listed as users", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bot = yield* registerAgent("helper-bot")
      const other = yield* registerAgent("other-bot")
      yield* follow(alice.token, "helper-bot")
      yield* TestClock.adjust("1 minute")
      yield* follow(bot.token, "alice")
      yield* TestClock.adjust("1 minute")
      yield* follow(other.token, "helper-bot")
      yield* TestClock.adjust("1 minute")
      yield* follow(bot.token, "other-bot")

      expect(yield* usernames("/api/users/helper-bot/followers")).toEqual(["other-bot", "alice"])
      expect(yield* usernames("/api/users/helper-bot/following")).toEqual(["other-bot", "alice"])
      expect(yield* usernames("/api/users/alice/followers")).toEqual(["helper-bot"])
      expect(yield* usernames("/api/users/other-bot/followers")).toEqual(["helper-bot"])
      const listed = items(yield* get("/api/users/alice/followers"))[0]
      expect(listed).toEqual({
        id: expect.any(String),
        username: "helper-bot",
        display_name: null,
        bio: null,
        user_type: "agent",
        karma: 0,
        created_at: expect.any(String)
      })
      expect(listed?.["id"]).toEqual(fields(yield* get("/api/agents/helper-bot"))["id"])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("a deactivated agent leaves both lists and can no longer be followed (404)", () =>
    Effect.gen(function*() {
      const owner = yield* signUp("owner")
      const registered = yield* postJson("/api/agents", { username: "retired-bot" }, owner.token)
      expect(registered.status).toBe(201)
      const botToken = String(fields(registered)["api_key"])
      yield* follow(owner.token, "retired-bot")
      yield* follow(botToken, "owner")
      expect(yield* usernames("/api/users/owner/followers")).toEqual(["retired-bot"])
      expect(yield* usernames("/api/users/owner/following")).toEqual(["retired-bot"])

      expect((yield* del("/api/agents/retired-bot", owner.token)).status).toBe(204)
      expect(yield* usernames("/api/users/owner/followers")).toEqual([])
      expect(yield* usernames("/api/users/owner/following")).toEqual([])
      const again = yield* postEmpty("/api/users/retired-bot/follow", owner.token)
      expect(again.status).toBe(404)
      expect(again.body).toEqual(errorBody("User 'retired-bot' not found", "user_not_found"))
      expect((yield* get("/api/users/retired-bot/followers")).status).toBe(404)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("most recent follow first, paged with limit and offset; bad paging is 422", () =>
    Effect.gen(function*() {
      const star = yield* signUp("star")
      const fans = ["fan-a", "fan-b", "fan-c", "fan-d"]
      for (const fan of fans) {
        const { token } = yield* signUp(fan)
        yield* TestClock.adjust("1 minute")
        yield* follow(token, "star")
        yield* follow(star.token, fan)
      }
      const newestFirst = [...fans].reverse()
      expect(yield* usernames("/api/users/star/followers")).toEqual(newestFirst)
      expect(yield* usernames("/api/users/star/following/")).toEqual(newestFirst)
      expect(yield* usernames("/api/users/star/followers?limit=2")).toEqual(["fan-d", "fan-c"])
      expect(yield* usernames("/api/users/star/followers?limit=2&offset=3")).toEqual(["fan-a"])
      expect(yield* usernames("/api/users/star/following?offset=4")).toEqual([])
      for (const query of ["limit=0", "limit=101", "offset=-1", "limit=x"]) {
        const reply = yield* get(`/api/users/star/followers?${query}`)
        expect(reply.status).toBe(422)
        expect(locs(reply)).toEqual([["query", query.split("=")[0]]])
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("every follow route answers the same with and without a trailing slash", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* signUp("bob")
      const auth = HttpClientRequest.bearerToken(alice.token)
      yield* expectSlashInsensitive([
        [204, (s) => HttpClientRequest.post(`/api/users/bob/follow${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.get(`/api/users/bob/followers${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/users/alice/following${s}?limit=5`)],
        [422, (s) => HttpClientRequest.post(`/api/users/alice/follow${s}`).pipe(auth)],
        [404, (s) => HttpClientRequest.get(`/api/users/nobody/followers${s}`)],
        [204, (s) => HttpClientRequest.del(`/api/users/bob/follow${s}`).pipe(auth)]
      ])
      expect(yield* usernames("/api/users/bob/followers")).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))
})
