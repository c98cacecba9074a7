/**
 * Changing posts over HTTP: edits by the author only (title, content, flair;
 * nothing else), and soft deletion by the author or a moderator of the post's
 * channel, after which the post is 404 everywhere. Each test runs its own
 * server over a fresh in-memory domain (TestClock: time starts at 1970).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { createChannel, createPost, del, errorBody, fields, get, patchJson } from "./Http.js"
import { community, postCount, titles } from "./PostsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

describe("PATCH /api/posts/{id}", () => {
  it.effect("the author changes title, content and flair; updated_at moves, nothing else does", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      const post = yield* createPost(bob.token, "general", "Draft", "v1")
      yield* TestClock.adjust("5 minutes")
      const edited = yield* patchJson(`/api/posts/${post["id"]}`, { title: "  Final  ", content: "v2" }, bob.token)
      expect(edited.status).toBe(200)
      expect(edited.body).toEqual({
        ...post,
        title: "Final",
        content: "v2",
        updated_at: "1970-01-01T00:05:00.000Z"
      })
      const flair = yield* patchJson(`/api/posts/${post["id"]}/`, { flair: "solved" }, bob.token)
      expect(flair.status).toBe(200)
      expect(flair.body).toEqual({ ...fields(edited), flair: "solved" })
      expect((yield* get(`/api/posts/${post["id"]}`)).body).toEqual(flair.body)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("422 for upvotes, author_id or other fields, and the post is unchanged", () =>
    Effect.gen(function*() {
      const { bob, carol } = yield* community
      const post = yield* createPost(bob.token, "general", "Mine")
      const sneaky = yield* patchJson(
        `/api/posts/${post["id"]}`,
        { title: "Hijacked", upvotes: 1000, author_id: carol.id },
        bob.token
      )
      expect(sneaky.status).toBe(422)
      expect(sneaky.body).toEqual({
        detail: [
          { loc: ["body", "upvotes"], msg: expect.stringContaining("is unexpected"), type: "unexpected" },
          { loc: ["body", "author_id"], msg: expect.stringContaining("is unexpected"), type: "unexpected" }
        ]
      })
      for (const body of [{ score: 5 }, { channel_id: "other" }, { comment_count: 3 }, { id: "x" }]) {
        const reply = yield* patchJson(`/api/posts/${post["id"]}`, body, bob.token)
        expect(reply.status).toBe(422)
      }
      const longTitle = yield* patchJson(`/api/posts/${post["id"]}`, { title: "t".repeat(301) }, bob.token)
      expect(longTitle.status).toBe(422)
      expect(fields(longTitle)["detail"]).toEqual([expect.objectContaining({ loc: ["body", "title"] })])
      expect((yield* get(`/api/posts/${post["id"]}`)).body).toEqual(post)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("403 for a non-author, even the channel's moderator; 404 unknown post; 401 anonymous", () =>
    Effect.gen(function*() {
      const { alice, bob, carol } = yield* community
      const post = yield* createPost(bob.token, "general", "Mine")
      for (const token of [carol.token, alice.token]) {
        const reply = yield* patchJson(`/api/posts/${post["id"]}`, { title: "Not yours" }, token)
        expect(reply.status).toBe(403)
        expect(reply.body).toEqual(errorBody("Only the author can edit this post", "permission_denied"))
      }
      const missing = yield* patchJson("/api/posts/unknown-id", { title: "x" }, bob.token)
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual(errorBody("Post 'unknown-id' not found", "post_not_found"))
      const anonymous = yield* patchJson(`/api/posts/${post["id"]}`, { title: "x" })
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers["www-authenticate"]).toBe("Bearer")
      expect((yield* get(`/api/posts/${post["id"]}`)).body).toEqual(post)
    }).pipe(Effect.provide(TestServer.layer())))
})

describe("DELETE /api/posts/{id}", () => {
  it.effect("the author deletes (204); the post is then 404 everywhere and leaves the list and counter", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      const keep = yield* createPost(bob.token, "general", "Keep")
      const gone = yield* createPost(bob.token, "general", "Gone")
      const id = String(gone["id"])
      expect(yield* postCount("general")).toBe(2)

      const deleted = yield* del(`/api/posts/${id}/`, bob.token)
      expect(deleted.status).toBe(204)
      expect(deleted.text).toBe("")

      const read = yield* get(`/api/posts/${id}`)
      expect(read.status).toBe(404)
      expect(read.body).toEqual(errorBody(`Post '${id}' not found`, "post_not_found"))
      expect(yield* titles()).toEqual(["Keep"])
      expect(yield* titles("/api/posts?author=bob&channel=general")).toEqual(["Keep"])
      expect(yield* postCount("general")).toBe(1)
      expect((yield* patchJson(`/api/posts/${id}`, { title: "Back" }, bob.token)).status).toBe(404)
      const twice = yield* del(`/api/posts/${id}`, bob.token)
      expect(twice.status).toBe(404)
      expect(twice.body).toEqual(errorBody(`Post '${id}' not found`, "post_not_found"))
      expect((yield* get(`/api/posts/${keep["id"]}`)).status).toBe(200)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("the channel's moderator may delete another's post; other users (even moderators elsewhere) get 403", () =>
    Effect.gen(function*() {
      const { alice, bob, carol } = yield* community
      yield* createChannel(carol.token, "carols")
      const post = yield* createPost(bob.token, "general", "Bob's")

      const stranger = yield* del(`/api/posts/${post["id"]}`, carol.token)
      expect(stranger.status).toBe(403)
      expect(stranger.body).toEqual(
        errorBody("Only the author or a moderator of the channel can delete this post", "permission_denied")
      )
      expect((yield* get(`/api/posts/${post["id"]}`)).body).toEqual(post)
      const anonymous = yield* del(`/api/posts/${post["id"]}`)
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers["www-authenticate"]).toBe("Bearer")

      const moderator = yield* del(`/api/posts/${post["id"]}`, alice.token)
      expect(moderator.status).toBe(204)
      expect((yield* get(`/api/posts/${post["id"]}`)).status).toBe(404)
      expect(yield* titles()).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("404 for an unknown post; 422 for an over-long id at [path, id]", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      const missing = yield* del("/api/posts/unknown-id", bob.token)
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual(errorBody("Post 'unknown-id' not found", "post_not_found"))
      const tooLong = yield* del(`/api/posts/${"a".repeat(65)}`, bob.token)
      expect(tooLong.status).toBe(422)
      expect(fields(tooLong)["detail"]).toEqual([expect.objectContaining({ loc: ["path", "id"], type: "refinement" })])
    }).pipe(Effect.provide(TestServer.layer())))
})
