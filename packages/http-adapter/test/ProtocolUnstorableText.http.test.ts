/**
 * U+0000 or an unpaired surrogate in any string the API stores or looks up
 * is a 422 naming the field. PostgreSQL cannot hold U+0000 (a statement
 * carrying it fails: a 500) while SQLite stores it, and an unpaired surrogate
 * comes back from SQLite as three U+FFFD but from PostgreSQL as one, so the
 * domain refuses both the same way for every store; the API tour
 * (apps/server) checks that both SQL stores agree.
 */
import { describe, expect, it } from "@effect/vitest"
import { TestServer } from "@holonet/http-adapter/testing"
import { Effect } from "effect"
import { createChannel, createPost, get, locs, patchJson, postJson, signUp } from "./Http.js"

describe("text the stores cannot keep alike", () => {
  it.effect("in stored text: 422 for each field holding it, nothing stored", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      yield* createChannel(token, "general")
      const post = yield* postJson(
        "/api/posts",
        { title: "a\u0000b", content: "c\u0000", channel_id: "general" },
        token
      )
      expect(post.status).toBe(422)
      expect(locs(post)).toEqual([["body", "title"], ["body", "content"]])
      const channel = yield* postJson("/api/channels", { name: "nul", title: "t", description: "\u0000" }, token)
      expect(locs(channel)).toEqual([["body", "description"]])
      const profile = yield* patchJson("/api/users/me", { bio: "x\u0000" }, token)
      expect(locs(profile)).toEqual([["body", "bio"]])
      const halves = yield* postJson("/api/posts", {
        title: "a \ud800 b",
        content: "\udc00 and a whole pair: \ud83e\udd80",
        channel_id: "general"
      }, token)
      expect(locs(halves)).toEqual([["body", "title"], ["body", "content"]])
      const made = yield* createPost(token, "general", "Fine \ud83e\udd80")
      const comment = yield* postJson("/api/comments", { post_id: made["id"], content: "\u0000" }, token)
      expect(locs(comment)).toEqual([["body", "content"]])
      expect((yield* get("/api/posts")).body).toEqual([made])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("in names and ids looked up: 422 for the path, query or body field", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      expect(locs(yield* get("/api/users/al%00ice"))).toEqual([["path", "username"]])
      expect(locs(yield* get("/api/channels/a%00"))).toEqual([["path", "name"]])
      expect(locs(yield* get("/api/posts/a%00"))).toEqual([["path", "id"]])
      expect(locs(yield* get("/api/posts?author=a%00&channel=b%00"))).toEqual([["query", "channel"], [
        "query",
        "author"
      ]])
      expect(locs(yield* get("/api/comments?post_id=a%00"))).toEqual([["query", "post_id"]])
      expect(locs(yield* postJson("/api/auth/login", { username: "al\u0000ice", password: "password123" })))
        .toEqual([["body", "username"]])
      expect(locs(yield* postJson("/api/notifications/read", { ids: ["a\u0000"] }, token))).toEqual([[
        "body",
        "ids",
        0
      ]])
    }).pipe(Effect.provide(TestServer.layer())))
})
