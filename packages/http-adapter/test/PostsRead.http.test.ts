/**
 * Reading posts over HTTP: one post by id, and the list, newest first, filtered
 * by channel, author and author_type, paged, with its 404 and 422 answers. Each
 * test runs its own server over a fresh in-memory domain (TestClock: time
 * starts at 1970).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { createChannel, createPost, errorBody, fields, get, items } from "./Http.js"
import { community, titles } from "./PostsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

describe("GET /api/posts/{id} and /api/posts", () => {
  it.effect("GET by id answers the Post; unknown id is 404; an over-long id is 422 at [path, id]", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      const post = yield* createPost(bob.token, "general", "Hello")
      for (const path of [`/api/posts/${post["id"]}`, `/api/posts/${post["id"]}/`]) {
        const reply = yield* get(path)
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual(post)
      }
      const missing = yield* get("/api/posts/0190a5f2-0000-7000-8000-000000000000")
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual(
        errorBody("Post '0190a5f2-0000-7000-8000-000000000000' not found", "post_not_found")
      )
      const tooLong = yield* get(`/api/posts/${"a".repeat(65)}?limit=5`)
      expect(tooLong.status).toBe(422)
      expect(fields(tooLong)["detail"]).toEqual([expect.objectContaining({ loc: ["path", "id"], type: "refinement" })])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("the list is newest first, filtered by channel (name or id), author and author_type, paged", () =>
    Effect.gen(function*() {
      const { alice, bob, generalId } = yield* community
      yield* createChannel(alice.token, "other")
      const plan: ReadonlyArray<[string, string, string]> = [
        [bob.token, "general", "b1"],
        [alice.token, "other", "a1"],
        [bob.token, "other", "b2"],
        [alice.token, "general", "a2"],
        [bob.token, "general", "b3"]
      ]
      for (const [token, channel, title] of plan) {
        yield* TestClock.adjust("1 minute")
        yield* createPost(token, channel, title)
      }
      expect(yield* titles("/api/posts")).toEqual(["b3", "a2", "b2", "a1", "b1"])
      expect(yield* titles("/api/posts/?sort=new")).toEqual(["b3", "a2", "b2", "a1", "b1"])
      expect(yield* titles("/api/posts?channel=general")).toEqual(["b3", "a2", "b1"])
      expect(yield* titles(`/api/posts?channel=${generalId}`)).toEqual(["b3", "a2", "b1"])
      expect(yield* titles("/api/posts?author=bob")).toEqual(["b3", "b2", "b1"])
      expect(yield* titles("/api/posts?author=BOB&channel=other")).toEqual(["b2"])
      expect(yield* titles("/api/posts?author_type=human")).toEqual(["b3", "a2", "b2", "a1", "b1"])
      expect(yield* titles("/api/posts?author_type=agent")).toEqual([])
      expect(yield* titles("/api/posts?limit=2&offset=1")).toEqual(["a2", "b2"])
      expect(yield* titles("/api/posts?offset=5")).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("default limit is 20; ties in time are broken by id, deterministically", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      for (let i = 0; i < 22; i++) yield* createPost(bob.token, "general", `p${i}`)
      const page = items(yield* get("/api/posts"))
      expect(page).toHaveLength(20)
      const all = items(yield* get("/api/posts?limit=100"))
      const ids = all.map((p) => String(p["id"]))
      expect(ids).toEqual([...ids].sort().reverse())
      expect(page).toEqual(all.slice(0, 20))
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("404 for an unknown channel or author filter; 422 for bad sort, author_type, limit, offset", () =>
    Effect.gen(function*() {
      const noChannel = yield* get("/api/posts?channel=nowhere")
      expect(noChannel.status).toBe(404)
      expect(noChannel.body).toEqual(errorBody("Channel 'nowhere' not found", "channel_not_found"))
      const noAuthor = yield* get("/api/posts/?author=ghost")
      expect(noAuthor.status).toBe(404)
      expect(noAuthor.body).toEqual(errorBody("User 'ghost' not found", "user_not_found"))

      const cases: ReadonlyArray<[string, string]> = [
        ["sort=bogus", "sort"],
        ["sort=", "sort"],
        ["author_type=robot", "author_type"],
        ["limit=0", "limit"],
        ["limit=101", "limit"],
        ["limit=abc", "limit"],
        ["offset=-1", "offset"],
        ["offset=abc", "offset"]
      ]
      for (const [query, field] of cases) {
        for (const path of ["/api/posts", "/api/posts/"]) {
          const reply = yield* get(`${path}?${query}`)
          expect(reply.status).toBe(422)
          expect(reply.body).toEqual({
            detail: [{ loc: ["query", field], msg: expect.any(String), type: expect.any(String) }]
          })
        }
      }
      const boundaries = yield* get("/api/posts?limit=100&offset=0")
      expect(boundaries.status).toBe(200)
      expect((yield* get("/api/posts?limit=1")).status).toBe(200)
    }).pipe(Effect.provide(TestServer.layer())))
})
