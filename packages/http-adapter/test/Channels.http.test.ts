/**
 * Channels over HTTP: create (the creator moderates), list, get and
 * subscriptions. Each test runs its own server over a fresh in-memory domain.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { createChannel, del, errorBody, fields, get, items, postEmpty, postJson, send, signUp, uuidV7 } from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

const channelNames = (path = "/api/channels?limit=100") =>
  Effect.map(get(path), (reply) => items(reply).map((c) => c["name"]))

const subscribers = (name: string) =>
  Effect.map(get(`/api/channels/${name}`), (reply) => fields(reply)["subscriber_count"])

describe("POST /api/channels", () => {
  it.effect("201 with the Channel; the creator is its first subscriber; with and without trailing slash", () =>
    Effect.gen(function*() {
      const { id: aliceId, token } = yield* signUp("alice")
      yield* TestClock.adjust("30 minutes")
      const created = yield* postJson(
        "/api/channels",
        { name: "general", title: "  General talk  ", description: "  Anything goes  " },
        token
      )
      expect(created.status).toBe(201)
      expect(created.body).toEqual({
        id: expect.stringMatching(uuidV7),
        name: "general",
        title: "General talk",
        description: "Anything goes",
        created_by: aliceId,
        subscriber_count: 1,
        post_count: 0,
        created_at: "1970-01-01T00:30:00.000Z"
      })
      const slash = yield* postJson("/api/channels/", { name: "9lives_x-y", title: "Cats" }, token)
      expect(slash.status).toBe(201)
      expect(slash.body).toEqual(expect.objectContaining({ name: "9lives_x-y", title: "Cats", description: null }))
      expect([...(yield* channelNames())].sort()).toEqual(["9lives_x-y", "general"])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("409 when the name is taken; the first channel is unchanged", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      const original = yield* createChannel(alice.token, "general", "Alice's")
      const clash = yield* postJson("/api/channels", { name: "general", title: "Bob's" }, bob.token)
      expect(clash.status).toBe(409)
      expect(clash.body).toEqual(errorBody("Channel name 'general' is already taken", "channel_name_taken"))
      expect(yield* channelNames()).toEqual(["general"])
      expect((yield* get("/api/channels/general")).body).toEqual(original)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("422 for a bad name or title, with loc [body, field]; nothing stored", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      const nameMsg = "name must be 2 to 30 characters of a-z, 0-9, '_' or '-', starting with a letter or digit"
      for (const name of ["a", "General", "-lead", "_lead", "has space", "a".repeat(31), "dots.not", ""]) {
        const reply = yield* postJson("/api/channels", { name, title: "Title" }, token)
        expect(reply.status).toBe(422)
        expect(reply.body).toEqual({ detail: [{ loc: ["body", "name"], msg: nameMsg, type: "refinement" }] })
      }
      for (const title of ["", "   ", "t".repeat(101)]) {
        const reply = yield* postJson("/api/channels", { name: "fine", title }, token)
        expect(reply.status).toBe(422)
        expect(fields(reply)["detail"]).toEqual([
          expect.objectContaining({ loc: ["body", "title"], type: "refinement" })
        ])
      }
      const missing = yield* postJson("/api/channels", { name: "fine" }, token)
      expect(missing.body).toEqual({ detail: [{ loc: ["body", "title"], msg: "is missing", type: "missing" }] })
      const longDescription = yield* postJson(
        "/api/channels",
        { name: "fine", title: "Fine", description: "d".repeat(2001) },
        token
      )
      expect(longDescription.status).toBe(422)
      expect(fields(longDescription)["detail"]).toEqual([
        expect.objectContaining({ loc: ["body", "description"], type: "refinement" })
      ])
      expect(yield* channelNames()).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("401 without a token, 415 for text/plain, 422 for malformed JSON; nothing stored", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      const anonymous = yield* postJson("/api/channels", { name: "general", title: "General" })
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers["www-authenticate"]).toBe("Bearer")
      expect(anonymous.body).toEqual(errorBody("Not authenticated", "unauthenticated"))
      const text = yield* send(
        HttpClientRequest.post("/api/channels").pipe(
          HttpClientRequest.bearerToken(token),
          HttpClientRequest.bodyText(JSON.stringify({ name: "general", title: "General" }), "text/plain")
        )
      )
      expect(text.status).toBe(415)
      expect(text.body).toEqual(errorBody("Unsupported media type: send application/json", "unsupported_media_type"))
      const malformed = yield* send(
        HttpClientRequest.post("/api/channels").pipe(
          HttpClientRequest.bearerToken(token),
          HttpClientRequest.bodyText("{name: general}", "application/json")
        )
      )
      expect(malformed.status).toBe(422)
      expect(malformed.body).toEqual({
        detail: [{ loc: ["body"], msg: "Request body is not valid JSON", type: "json_invalid" }]
      })
      expect(yield* channelNames()).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))
})

describe("GET /api/channels and /api/channels/{name}", () => {
  it.effect("popular (default) by subscribers, new by creation time; paged; with and without trailing slash", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      const carol = yield* signUp("carol")
      for (const name of ["older", "middle", "newest"]) {
        yield* TestClock.adjust("1 minute")
        yield* createChannel(alice.token, name)
      }
      // middle: 3 subscribers, older: 2, newest: 1
      yield* postEmpty("/api/channels/middle/subscription", bob.token)
      yield* postEmpty("/api/channels/middle/subscription", carol.token)
      yield* postEmpty("/api/channels/older/subscription", bob.token)

      expect(yield* channelNames("/api/channels")).toEqual(["middle", "older", "newest"])
      expect(yield* channelNames("/api/channels/?sort=popular")).toEqual(["middle", "older", "newest"])
      expect(yield* channelNames("/api/channels?sort=new")).toEqual(["newest", "middle", "older"])
      expect(yield* channelNames("/api/channels/?sort=new&limit=1&offset=1")).toEqual(["middle"])
      expect(yield* channelNames("/api/channels?offset=3")).toEqual([])
      const listed = items(yield* get("/api/channels?limit=1"))
      expect(listed).toEqual([expect.objectContaining({ name: "middle", subscriber_count: 3, post_count: 0 })])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("422 for an unknown sort and bad paging, once per field", () =>
    Effect.gen(function*() {
      const sort = yield* get("/api/channels?sort=hot")
      expect(sort.status).toBe(422)
      expect(sort.body).toEqual({
        detail: [{ loc: ["query", "sort"], msg: "Input should be 'popular', 'new'", type: "literal_error" }]
      })
      for (const query of ["limit=0", "limit=101", "limit=abc", "offset=-1"]) {
        const reply = yield* get(`/api/channels/?${query}`)
        expect(reply.status).toBe(422)
        expect(fields(reply)["detail"]).toEqual([expect.objectContaining({ loc: ["query", query.split("=")[0]] })])
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("GET by name answers the Channel; an unknown name is 404", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      const created = yield* createChannel(token, "general")
      for (const path of ["/api/channels/general", "/api/channels/general/"]) {
        const reply = yield* get(path)
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual(created)
      }
      const missing = yield* get("/api/channels/nope")
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual(errorBody("Channel 'nope' not found", "channel_not_found"))
    }).pipe(Effect.provide(TestServer.layer())))
})

describe("/api/channels/{name}/subscription", () => {
  it.effect("POST subscribes (204, idempotent), DELETE unsubscribes (204, idempotent)", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      yield* createChannel(alice.token, "general")
      expect(yield* subscribers("general")).toBe(1)

      const first = yield* postEmpty("/api/channels/general/subscription", bob.token)
      expect(first.status).toBe(204)
      expect(first.text).toBe("")
      expect(yield* subscribers("general")).toBe(2)
      const again = yield* postEmpty("/api/channels/general/subscription/", bob.token)
      expect(again.status).toBe(204)
      expect(yield* subscribers("general")).toBe(2)

      const leave = yield* del("/api/channels/general/subscription", bob.token)
      expect(leave.status).toBe(204)
      expect(leave.text).toBe("")
      expect(yield* subscribers("general")).toBe(1)
      const leaveAgain = yield* del("/api/channels/general/subscription/", bob.token)
      expect(leaveAgain.status).toBe(204)
      expect(yield* subscribers("general")).toBe(1)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("404 for an unknown channel, 401 without a token", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      for (
        const reply of [
          yield* postEmpty("/api/channels/nope/subscription", alice.token),
          yield* del("/api/channels/nope/subscription", alice.token)
        ]
      ) {
        expect(reply.status).toBe(404)
        expect(reply.body).toEqual(errorBody("Channel 'nope' not found", "channel_not_found"))
      }
      for (
        const reply of [
          yield* postEmpty("/api/channels/general/subscription"),
          yield* del("/api/channels/general/subscription")
        ]
      ) {
        expect(reply.status).toBe(401)
        expect(reply.headers["www-authenticate"]).toBe("Bearer")
      }
      expect(yield* subscribers("general")).toBe(1)
    }).pipe(Effect.provide(TestServer.layer())))
})
