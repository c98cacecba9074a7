/**
 * Votes over HTTP on posts and comments: counters after a vote, a change and
 * a removal, the voter's my_vote, the author's karma, self-votes refused, and
 * the concurrency scenario of issue 4 (shared with apps/server via
 * Concurrency.ts). Each test runs its own server over a fresh in-memory domain.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { concurrencyScenario, exactOutcome } from "../testing/Concurrency.js"
import { createChannel, createPost, del, errorBody, fields, get, locs, postJson, signUp, str } from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

/** alice moderates "general" and wrote a post and a comment there; bob, carol and dave vote. */
const community = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  const dave = yield* signUp("dave")
  yield* createChannel(alice.token, "general")
  const postId = String((yield* createPost(alice.token, "general", "Vote on me"))["id"])
  const created = yield* postJson("/api/comments", { post_id: postId, content: "and on me" }, alice.token)
  return { alice, bob, carol, dave, postId, commentId: str(created, "id") }
})

const karmaOf = (username: string) => Effect.map(get(`/api/users/${username}`), (reply) => fields(reply)["karma"])

const counters = (path: string) =>
  Effect.map(get(path), (reply) => {
    const body = fields(reply)
    return { upvotes: body["upvotes"], downvotes: body["downvotes"], score: body["score"] }
  })

describe.each([
  { item: "post", path: (ids: { postId: string }) => `/api/posts/${ids.postId}` },
  { item: "comment", path: (ids: { commentId: string }) => `/api/comments/${ids.commentId}` }
])("POST /api/{posts,comments}/{id}/vote on a $item", ({ item, path }) => {
  it.effect(`counts after votes, a change and a removal; my_vote; the author's karma (${item})`, () =>
    Effect.gen(function*() {
      const ids = yield* community
      const { bob, carol, dave } = ids
      const url = `${path(ids)}/vote`

      const up = yield* postJson(url, { value: 1 }, bob.token)
      expect(up.status).toBe(200)
      expect(up.body).toEqual({ upvotes: 1, downvotes: 0, score: 1, my_vote: 1 })
      const again = yield* postJson(url, { value: 1 }, bob.token)
      expect(again.body).toEqual({ upvotes: 1, downvotes: 0, score: 1, my_vote: 1 })
      const down = yield* postJson(url, { value: -1 }, carol.token)
      expect(down.body).toEqual({ upvotes: 1, downvotes: 1, score: 0, my_vote: -1 })
      const up2 = yield* postJson(url, { value: 1 }, dave.token)
      expect(up2.body).toEqual({ upvotes: 2, downvotes: 1, score: 1, my_vote: 1 })
      expect(yield* counters(path(ids))).toEqual({ upvotes: 2, downvotes: 1, score: 1 })
      expect(yield* karmaOf("alice")).toBe(1)

      // bob changes his mind: the vote is replaced, not added.
      const changed = yield* postJson(url, { value: -1 }, bob.token)
      expect(changed.body).toEqual({ upvotes: 1, downvotes: 2, score: -1, my_vote: -1 })
      expect(yield* karmaOf("alice")).toBe(-1)

      // 0 takes a vote back; taking back nothing changes nothing.
      const removed = yield* postJson(url, { value: 0 }, carol.token)
      expect(removed.body).toEqual({ upvotes: 1, downvotes: 1, score: 0, my_vote: 0 })
      const removedAgain = yield* postJson(url, { value: 0 }, carol.token)
      expect(removedAgain.body).toEqual({ upvotes: 1, downvotes: 1, score: 0, my_vote: 0 })
      expect(yield* counters(path(ids))).toEqual({ upvotes: 1, downvotes: 1, score: 0 })
      expect(yield* karmaOf("alice")).toBe(0)
      // Voters' own karma never moves.
      expect(yield* karmaOf("bob")).toBe(0)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect(`403 on your own ${item}; 401 anonymous; 422 for a value other than 1, -1, 0; nothing counted`, () =>
    Effect.gen(function*() {
      const ids = yield* community
      const { alice, bob } = ids
      const url = `${path(ids)}/vote`
      const self = yield* postJson(url, { value: 1 }, alice.token)
      expect(self.status).toBe(403)
      expect(self.body).toEqual(errorBody(`You cannot vote on your own ${item}`, "permission_denied"))
      const anonymous = yield* postJson(url, { value: 1 })
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers["www-authenticate"]).toBe("Bearer")
      for (const body of [{ value: 2 }, { value: -2 }, { value: "1" }, { value: 0.5 }, { value: null }, {}]) {
        const reply = yield* postJson(url, body, bob.token)
        expect({ body, status: reply.status }).toEqual({ body, status: 422 })
        expect(locs(reply)).toEqual([["body", "value"]])
      }
      expect(yield* counters(path(ids))).toEqual({ upvotes: 0, downvotes: 0, score: 0 })
      expect(yield* karmaOf("alice")).toBe(0)
    }).pipe(Effect.provide(TestServer.layer())))
})

describe("votes on missing items", () => {
  it.effect("404 for an unknown or deleted post or comment, and for a comment of a deleted post", () =>
    Effect.gen(function*() {
      const { alice, bob, postId, commentId } = yield* community
      const unknownPost = yield* postJson("/api/posts/no-such-post/vote", { value: 1 }, bob.token)
      expect(unknownPost.status).toBe(404)
      expect(unknownPost.body).toEqual(errorBody("Post 'no-such-post' not found", "post_not_found"))
      const unknownComment = yield* postJson("/api/comments/no-such-comment/vote", { value: 1 }, bob.token)
      expect(unknownComment.status).toBe(404)
      expect(unknownComment.body).toEqual(errorBody("Comment 'no-such-comment' not found", "comment_not_found"))

      const other = str(yield* postJson("/api/comments", { post_id: postId, content: "bye" }, alice.token), "id")
      expect((yield* del(`/api/comments/${other}`, alice.token)).status).toBe(204)
      expect((yield* postJson(`/api/comments/${other}/vote`, { value: 1 }, bob.token)).status).toBe(404)

      expect((yield* del(`/api/posts/${postId}`, alice.token)).status).toBe(204)
      expect((yield* postJson(`/api/posts/${postId}/vote`, { value: 1 }, bob.token)).status).toBe(404)
      expect((yield* postJson(`/api/comments/${commentId}/vote`, { value: 1 }, bob.token)).status).toBe(404)
      expect(yield* karmaOf("alice")).toBe(0)
    }).pipe(Effect.provide(TestServer.layer())))
})

describe("concurrency over HTTP", () => {
  it.effect("50 voters give 50 votes and karma 50; 20 identical votes count once; 50 comments give comment_count 50", () =>
    Effect.gen(function*() {
      const outcome = yield* concurrencyScenario()
      expect(outcome).toEqual(exactOutcome)
    }).pipe(Effect.provide(TestServer.layer())))
})
