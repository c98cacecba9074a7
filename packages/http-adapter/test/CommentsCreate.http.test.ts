/**
 * Creating comments over HTTP (POST /api/comments): replies with their parent
 * and depth up to 50 levels deep, the post's comment_count, and the 401, 404
 * and 422 answers that store nothing. Each test runs its own server over a
 * fresh in-memory domain (TestClock: time starts at 1970 and moves only when
 * told).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { createPost, del, errorBody, fields, get, locs, postJson, str, uuidV7 } from "./Http.js"
import { comment, commentCount, community, contents } from "./CommentsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

describe("POST /api/comments", () => {
  it.effect("201 with the Comment; a reply has its parent and depth; the post's comment_count moves", () =>
    Effect.gen(function*() {
      const { bob, carol, postId } = yield* community
      yield* TestClock.adjust("5 minutes")
      const top = yield* postJson("/api/comments", { post_id: postId, content: "First!" }, bob.token)
      expect(top.status).toBe(201)
      expect(top.body).toEqual({
        id: expect.stringMatching(uuidV7),
        post_id: postId,
        parent_id: null,
        author_id: bob.id,
        content: "First!",
        upvotes: 0,
        downvotes: 0,
        score: 0,
        depth: 0,
        created_at: "1970-01-01T00:05:00.000Z",
        updated_at: "1970-01-01T00:05:00.000Z",
        is_deleted: false
      })
      const topId = str(top, "id")
      const reply = yield* postJson(
        "/api/comments/",
        { post_id: postId, content: "Agreed", parent_id: topId },
        carol.token
      )
      expect(reply.status).toBe(201)
      expect(reply.body).toEqual(expect.objectContaining({ parent_id: topId, author_id: carol.id, depth: 1 }))
      const explicitNull = yield* postJson(
        "/api/comments",
        { post_id: postId, content: "x", parent_id: null },
        carol.token
      )
      expect(fields(explicitNull)).toEqual(expect.objectContaining({ parent_id: null, depth: 0 }))
      expect(yield* commentCount(postId)).toBe(3)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("401 anonymous; 404 unknown post or parent; 422 parent on another post; nothing stored", () =>
    Effect.gen(function*() {
      const { alice, bob, postId } = yield* community
      const otherPost = String((yield* createPost(alice.token, "general", "Elsewhere"))["id"])
      const foreign = yield* comment(bob.token, otherPost, "over there")

      const anonymous = yield* postJson("/api/comments", { post_id: postId, content: "hi" })
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers["www-authenticate"]).toBe("Bearer")

      const noPost = yield* postJson("/api/comments", { post_id: "no-such-post", content: "hi" }, bob.token)
      expect(noPost.status).toBe(404)
      expect(noPost.body).toEqual(errorBody("Post 'no-such-post' not found", "post_not_found"))

      const noParent = yield* postJson(
        "/api/comments",
        { post_id: postId, content: "hi", parent_id: "no-such-comment" },
        bob.token
      )
      expect(noParent.status).toBe(404)
      expect(noParent.body).toEqual(errorBody("Comment 'no-such-comment' not found", "comment_not_found"))

      const crossPost = yield* postJson(
        "/api/comments",
        { post_id: postId, content: "hi", parent_id: foreign },
        bob.token
      )
      expect(crossPost.status).toBe(422)
      expect(crossPost.body).toEqual(
        errorBody(`Parent comment '${foreign}' does not belong to post '${postId}'`, "parent_not_in_post")
      )
      expect(yield* commentCount(postId)).toBe(0)
      expect(yield* contents(`post_id=${postId}`)).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("422 for empty or 10,001-character content and for missing fields; 10,000 characters is fine", () =>
    Effect.gen(function*() {
      const { bob, postId } = yield* community
      const empty = yield* postJson("/api/comments", { post_id: postId, content: "" }, bob.token)
      expect(empty.status).toBe(422)
      expect(locs(empty)).toEqual([["body", "content"]])
      const long = yield* postJson("/api/comments", { post_id: postId, content: "c".repeat(10_001) }, bob.token)
      expect(long.status).toBe(422)
      expect(fields(long)["detail"]).toEqual([
        expect.objectContaining({ loc: ["body", "content"], type: "refinement" })
      ])
      const missing = yield* postJson("/api/comments", {}, bob.token)
      expect(missing.body).toEqual({
        detail: [
          { loc: ["body", "post_id"], msg: "is missing", type: "missing" },
          { loc: ["body", "content"], msg: "is missing", type: "missing" }
        ]
      })
      expect(yield* commentCount(postId)).toBe(0)
      const exactly = yield* postJson("/api/comments", { post_id: postId, content: "c".repeat(10_000) }, bob.token)
      expect(exactly.status).toBe(201)
      expect(yield* commentCount(postId)).toBe(1)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("replies nest 50 levels deep; the 51st level is 422 thread_too_deep", () =>
    Effect.gen(function*() {
      const { bob, carol, postId } = yield* community
      let parent = yield* comment(bob.token, postId, "depth 0")
      for (let depth = 1; depth <= 50; depth++) {
        parent = yield* comment(depth % 2 === 0 ? bob.token : carol.token, postId, `depth ${depth}`, parent)
      }
      expect(fields(yield* get(`/api/comments/${parent}`))["depth"]).toBe(50)
      const tooDeep = yield* postJson(
        "/api/comments",
        { post_id: postId, content: "deeper", parent_id: parent },
        bob.token
      )
      expect(tooDeep.status).toBe(422)
      expect(tooDeep.body).toEqual(errorBody("Replies may nest at most 50 levels deep", "thread_too_deep"))
      expect(yield* commentCount(postId)).toBe(51)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("commenting on, or listing the comments of, a deleted post is 404", () =>
    Effect.gen(function*() {
      const { alice, bob, postId } = yield* community
      const existing = yield* comment(bob.token, postId, "before the end")
      expect((yield* del(`/api/posts/${postId}`, alice.token)).status).toBe(204)
      const onDeleted = yield* postJson("/api/comments", { post_id: postId, content: "hello?" }, bob.token)
      expect(onDeleted.status).toBe(404)
      expect(onDeleted.body).toEqual(errorBody(`Post '${postId}' not found`, "post_not_found"))
      const reply = yield* postJson("/api/comments", { post_id: postId, content: "hi", parent_id: existing }, bob.token)
      expect(reply.status).toBe(404)
      expect((yield* get(`/api/comments?post_id=${postId}`)).status).toBe(404)
      expect((yield* get(`/api/comments/${existing}`)).status).toBe(404)
    }).pipe(Effect.provide(TestServer.layer())))
})
