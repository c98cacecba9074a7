/**
 * Changing comments over HTTP: edits by the author only, deletion (blanked in
 * place, replies kept) by the author or a moderator of the post's channel, and
 * every comment and vote route with and without a trailing slash. Each test
 * runs its own server over a fresh in-memory domain (TestClock: time starts at
 * 1970 and moves only when told).
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import {
  createChannel,
  del,
  errorBody,
  expectSlashInsensitive,
  fields,
  get,
  items,
  locs,
  patchJson,
  postJson,
  type SlashRoute,
  str
} from "./Http.js"
import { comment, commentCount, community } from "./CommentsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

describe("PATCH /api/comments/{id}", () => {
  it.effect("the author changes the content; updated_at moves, nothing else does", () =>
    Effect.gen(function*() {
      const { bob, postId } = yield* community
      const created = yield* postJson("/api/comments", { post_id: postId, content: "Frist" }, bob.token)
      const id = str(created, "id")
      yield* TestClock.adjust("3 minutes")
      const edited = yield* patchJson(`/api/comments/${id}`, { content: "First" }, bob.token)
      expect(edited.status).toBe(200)
      expect(edited.body).toEqual({
        ...fields(created),
        content: "First",
        updated_at: "1970-01-01T00:03:00.000Z"
      })
      expect((yield* get(`/api/comments/${id}`)).body).toEqual(edited.body)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("403 for anyone but the author, even a moderator; 401 anonymous; 404 unknown or deleted; 422 bad body", () =>
    Effect.gen(function*() {
      const { alice, bob, carol, postId } = yield* community
      const created = yield* postJson("/api/comments", { post_id: postId, content: "Mine" }, bob.token)
      const id = str(created, "id")
      for (const token of [carol.token, alice.token]) {
        const reply = yield* patchJson(`/api/comments/${id}`, { content: "Not yours" }, token)
        expect(reply.status).toBe(403)
        expect(reply.body).toEqual(errorBody("Only the author can edit this comment", "permission_denied"))
      }
      const anonymous = yield* patchJson(`/api/comments/${id}`, { content: "x" })
      expect(anonymous.status).toBe(401)
      const sneaky = yield* patchJson(
        `/api/comments/${id}`,
        { content: "ok", upvotes: 100, author_id: carol.id },
        bob.token
      )
      expect(sneaky.status).toBe(422)
      expect(locs(sneaky)).toEqual([["body", "upvotes"], ["body", "author_id"]])
      for (const body of [{}, { content: "" }, { content: "c".repeat(10_001) }, { depth: 3 }, { is_deleted: true }]) {
        const reply = yield* patchJson(`/api/comments/${id}`, body, bob.token)
        expect({ body, status: reply.status }).toEqual({ body, status: 422 })
      }
      expect((yield* get(`/api/comments/${id}`)).body).toEqual(created.body)

      const unknown = yield* patchJson("/api/comments/no-such-comment", { content: "x" }, bob.token)
      expect(unknown.status).toBe(404)
      expect((yield* del(`/api/comments/${id}`, bob.token)).status).toBe(204)
      const deleted = yield* patchJson(`/api/comments/${id}`, { content: "back" }, bob.token)
      expect(deleted.status).toBe(404)
      expect(fields(yield* get(`/api/comments/${id}`))["content"]).toBe("")
    }).pipe(Effect.provide(TestServer.layer())))
})

describe("DELETE /api/comments/{id}", () => {
  it.effect("the author deletes (204): the comment keeps its place blanked, its replies stay, comment_count drops", () =>
    Effect.gen(function*() {
      const { bob, carol, postId } = yield* community
      const parent = yield* comment(bob.token, postId, "parent")
      const child = yield* comment(carol.token, postId, "child", parent)
      yield* TestClock.adjust("1 minute")
      const removed = yield* del(`/api/comments/${parent}`, bob.token)
      expect(removed.status).toBe(204)
      expect(removed.text).toBe("")
      const gone = yield* get(`/api/comments/${parent}`)
      expect(gone.status).toBe(200)
      expect(gone.body).toEqual(
        expect.objectContaining({
          id: parent,
          content: "",
          is_deleted: true,
          author_id: bob.id,
          updated_at: "1970-01-01T00:01:00.000Z"
        })
      )
      const listed = items(yield* get(`/api/comments?post_id=${postId}`))
      expect(listed.map((c) => [c["id"], c["content"], c["is_deleted"]])).toEqual([
        [parent, "", true],
        [child, "child", false]
      ])
      expect(yield* commentCount(postId)).toBe(1)
      const again = yield* del(`/api/comments/${parent}`, bob.token)
      expect(again.status).toBe(404)
      const replyToDeleted = yield* postJson(
        "/api/comments",
        { post_id: postId, content: "x", parent_id: parent },
        carol.token
      )
      expect(replyToDeleted.status).toBe(404)
      const replyToChild = yield* comment(bob.token, postId, "still talking", child)
      expect(fields(yield* get(`/api/comments/${replyToChild}`))["depth"]).toBe(2)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("a moderator of the post's channel may delete; a stranger gets 403; 401 anonymous; 404 unknown", () =>
    Effect.gen(function*() {
      const { alice, bob, carol, postId } = yield* community
      const byBob = yield* comment(bob.token, postId, "hot take")
      const stranger = yield* del(`/api/comments/${byBob}`, carol.token)
      expect(stranger.status).toBe(403)
      expect(stranger.body).toEqual(
        errorBody("Only the author or a moderator of the channel can delete this comment", "permission_denied")
      )
      // carol moderates another channel: that gives her no say in "general".
      yield* createChannel(carol.token, "elsewhere")
      expect((yield* del(`/api/comments/${byBob}`, carol.token)).status).toBe(403)
      expect((yield* del(`/api/comments/${byBob}`)).status).toBe(401)
      expect(fields(yield* get(`/api/comments/${byBob}`))["is_deleted"]).toBe(false)
      expect((yield* del(`/api/comments/${byBob}`, alice.token)).status).toBe(204)
      expect(fields(yield* get(`/api/comments/${byBob}`))["is_deleted"]).toBe(true)
      expect((yield* del("/api/comments/no-such-comment", alice.token)).status).toBe(404)
    }).pipe(Effect.provide(TestServer.layer())))
})

describe("routing", () => {
  it.effect("every comment and vote route answers with and without a trailing slash", () =>
    Effect.gen(function*() {
      const { alice, bob, postId } = yield* community
      const ids = [yield* comment(alice.token, postId, "one"), yield* comment(alice.token, postId, "two")]
      const auth = HttpClientRequest.bearerToken(bob.token)
      const owner = HttpClientRequest.bearerToken(alice.token)
      const json = HttpClientRequest.bodyUnsafeJson
      const at = (i: number) => ids[i] ?? "missing"
      const routes: ReadonlyArray<SlashRoute> = [
        [201, (s) => HttpClientRequest.post(`/api/comments${s}`).pipe(auth, json({ post_id: postId, content: "c" }))],
        [200, (s) => HttpClientRequest.get(`/api/comments${s}?post_id=${postId}`)],
        [200, (s, i) => HttpClientRequest.get(`/api/comments/${at(i)}${s}`)],
        [200, (s, i) => HttpClientRequest.patch(`/api/comments/${at(i)}${s}`).pipe(owner, json({ content: "e" }))],
        [200, (s, i) => HttpClientRequest.post(`/api/comments/${at(i)}/vote${s}`).pipe(auth, json({ value: 1 }))],
        [200, (s) => HttpClientRequest.post(`/api/posts/${postId}/vote${s}`).pipe(auth, json({ value: -1 }))],
        [204, (s, i) => HttpClientRequest.del(`/api/comments/${at(i)}${s}`).pipe(owner)]
      ]
      yield* expectSlashInsensitive(routes)
    }).pipe(Effect.provide(TestServer.layer())))
})
