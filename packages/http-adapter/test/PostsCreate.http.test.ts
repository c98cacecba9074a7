/**
 * Creating posts over HTTP (POST /api/posts): the Post authored by the caller
 * in a channel named by name or id, and the 401, 404, 415 and 422 answers that
 * store nothing. Each test runs its own server over a fresh in-memory domain
 * (TestClock: time starts at 1970).
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { errorBody, fields, locs, postJson, send, uuidV7 } from "./Http.js"
import { community, postCount, titles } from "./PostsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

describe("POST /api/posts", () => {
  it.effect("201 with the Post, authored by the caller; channel_id may be a name or an id", () =>
    Effect.gen(function*() {
      const { bob, generalId } = yield* community
      yield* TestClock.adjust("10 minutes")
      const byName = yield* postJson(
        "/api/posts",
        { title: "  Hello Holonet  ", content: "First post", channel_id: "general", flair: " news " },
        bob.token
      )
      expect(byName.status).toBe(201)
      expect(byName.body).toEqual({
        id: expect.stringMatching(uuidV7),
        title: "Hello Holonet",
        content: "First post",
        channel_id: generalId,
        flair: "news",
        author_id: bob.id,
        upvotes: 0,
        downvotes: 0,
        score: 0,
        comment_count: 0,
        created_at: "1970-01-01T00:10:00.000Z",
        updated_at: "1970-01-01T00:10:00.000Z"
      })
      const byId = yield* postJson("/api/posts/", { title: "Second", content: "", channel_id: generalId }, bob.token)
      expect(byId.status).toBe(201)
      expect(byId.body).toEqual(
        expect.objectContaining({ title: "Second", content: "", channel_id: generalId, flair: null, author_id: bob.id })
      )
      expect(yield* postCount("general")).toBe(2)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("404 naming an unknown channel; 422 per bad field; 401, 415; nothing stored", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      const unknown = yield* postJson("/api/posts", { title: "Hi", content: "x", channel_id: "nowhere" }, bob.token)
      expect(unknown.status).toBe(404)
      expect(unknown.body).toEqual(errorBody("Channel 'nowhere' not found", "channel_not_found"))

      const longTitle = yield* postJson(
        "/api/posts",
        { title: "t".repeat(301), content: "x", channel_id: "general" },
        bob.token
      )
      expect(longTitle.status).toBe(422)
      expect(longTitle.body).toEqual({
        detail: [{
          loc: ["body", "title"],
          msg: `Expected a string at most 300 character(s) long, actual "${"t".repeat(301)}"`,
          type: "refinement"
        }]
      })
      const exactly300 = yield* postJson(
        "/api/posts",
        { title: "t".repeat(300), content: "x", channel_id: "general" },
        bob.token
      )
      expect(exactly300.status).toBe(201)
      const before = yield* titles()

      for (const title of ["", "   "]) {
        const reply = yield* postJson("/api/posts", { title, content: "x", channel_id: "general" }, bob.token)
        expect(reply.status).toBe(422)
        expect(fields(reply)["detail"]).toEqual([
          expect.objectContaining({ loc: ["body", "title"], type: "refinement" })
        ])
      }
      const longContent = yield* postJson(
        "/api/posts",
        { title: "Hi", content: "c".repeat(40_001), channel_id: "general" },
        bob.token
      )
      expect(longContent.status).toBe(422)
      expect(fields(longContent)["detail"]).toEqual([
        expect.objectContaining({ loc: ["body", "content"], type: "refinement" })
      ])
      const missing = yield* postJson("/api/posts", {}, bob.token)
      expect(missing.body).toEqual({
        detail: [
          { loc: ["body", "title"], msg: "is missing", type: "missing" },
          { loc: ["body", "content"], msg: "is missing", type: "missing" },
          { loc: ["body", "channel_id"], msg: "is missing", type: "missing" }
        ]
      })
      const wrongTypes = yield* postJson("/api/posts", { title: 5, content: ["x"], channel_id: "general" }, bob.token)
      expect(locs(wrongTypes)).toEqual([
        ["body", "title"],
        ["body", "content"]
      ])

      const anonymous = yield* postJson("/api/posts", { title: "Hi", content: "x", channel_id: "general" })
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers["www-authenticate"]).toBe("Bearer")
      const text = yield* send(
        HttpClientRequest.post("/api/posts").pipe(
          HttpClientRequest.bearerToken(bob.token),
          HttpClientRequest.bodyText("title=Hi", "text/plain")
        )
      )
      expect(text.status).toBe(415)
      const malformed = yield* send(
        HttpClientRequest.post("/api/posts").pipe(
          HttpClientRequest.bearerToken(bob.token),
          HttpClientRequest.bodyText("{\"title\": \"Hi\", ", "application/json")
        )
      )
      expect(malformed.status).toBe(422)
      expect(malformed.body).toEqual({
        detail: [{ loc: ["body"], msg: "Request body is not valid JSON", type: "json_invalid" }]
      })
      expect(yield* titles()).toEqual(before)
      expect(yield* postCount("general")).toBe(1)
    }).pipe(Effect.provide(TestServer.layer())))
})
