/**
 * Comments over HTTP: create (with replies up to 50 levels deep), list in
 * thread order, read (deleted ones too), edit by the author, delete by the
 * author or a channel moderator. Each test runs its own server over a fresh
 * in-memory domain (TestClock: time starts at 1970 and moves only when told).
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import {
  createChannel,
  createPost,
  del,
  errorBody,
  expectSlashInsensitive,
  fields,
  get,
  items,
  locs,
  patchJson,
  postJson,
  type Reply,
  signUp,
  type SlashRoute,
  str,
  uuidV7
} from "./Http.js"
import { makeTestServer } from "@holonet/http-adapter/testing"

/** alice moderates "general" and wrote a post there; bob and carol are plain members. */
const community = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  yield* createChannel(alice.token, "general")
  const post = yield* createPost(alice.token, "general", "Talk here")
  return { alice, bob, carol, postId: String(post["id"]) }
})

const expectCreated = (reply: Reply) =>
  reply.status === 201
    ? Effect.succeed(str(reply, "id"))
    : Effect.dieMessage(`create comment: expected 201, got ${reply.status} ${reply.text.slice(0, 300)}`)

/** Creates a comment (a reply when `parentId` is given) and answers its id. */
const comment = (token: string, postId: string, content: string, parentId?: string) =>
  postJson("/api/comments", { post_id: postId, content, ...(parentId !== undefined ? { parent_id: parentId } : {}) }, token)
    .pipe(Effect.flatMap(expectCreated))

const commentCount = (postId: string) => Effect.map(get(`/api/posts/${postId}`), (reply) => fields(reply)["comment_count"])

const contents = (query: string) =>
  Effect.map(get(`/api/comments?${query}`), (reply) => items(reply).map((c) => c["content"]))

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
      const reply = yield* postJson("/api/comments/", { post_id: postId, content: "Agreed", parent_id: topId }, carol.token)
      expect(reply.status).toBe(201)
      expect(reply.body).toEqual(expect.objectContaining({ parent_id: topId, author_id: carol.id, depth: 1 }))
      const explicitNull = yield* postJson("/api/comments", { post_id: postId, content: "x", parent_id: null }, carol.token)
      expect(fields(explicitNull)).toEqual(expect.objectContaining({ parent_id: null, depth: 0 }))
      expect(yield* commentCount(postId)).toBe(3)
    }).pipe(Effect.provide(makeTestServer())))

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

      const crossPost = yield* postJson("/api/comments", { post_id: postId, content: "hi", parent_id: foreign }, bob.token)
      expect(crossPost.status).toBe(422)
      expect(crossPost.body).toEqual(
        errorBody(`Parent comment '${foreign}' does not belong to post '${postId}'`, "parent_not_in_post")
      )
      expect(yield* commentCount(postId)).toBe(0)
      expect(yield* contents(`post_id=${postId}`)).toEqual([])
    }).pipe(Effect.provide(makeTestServer())))

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
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("replies nest 50 levels deep; the 51st level is 422 thread_too_deep", () =>
    Effect.gen(function*() {
      const { bob, carol, postId } = yield* community
      let parent = yield* comment(bob.token, postId, "depth 0")
      for (let depth = 1; depth <= 50; depth++) {
        parent = yield* comment(depth % 2 === 0 ? bob.token : carol.token, postId, `depth ${depth}`, parent)
      }
      expect(fields(yield* get(`/api/comments/${parent}`))["depth"]).toBe(50)
      const tooDeep = yield* postJson("/api/comments", { post_id: postId, content: "deeper", parent_id: parent }, bob.token)
      expect(tooDeep.status).toBe(422)
      expect(tooDeep.body).toEqual(errorBody("Replies may nest at most 50 levels deep", "thread_too_deep"))
      expect(yield* commentCount(postId)).toBe(51)
    }).pipe(Effect.provide(makeTestServer())))

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
    }).pipe(Effect.provide(makeTestServer())))
})

describe("GET /api/comments", () => {
  /**
   * A three-level tree written at distinct minutes, with votes so `top` and
   * `best` differ from time order:
   *   A (t1, +1 -1)       B (t2, score +2)     C (t3, score -1)
   *   ├ A1 (t4)  ├ A2 (t5, +1)                 └ C1 (t6)
   *   │ └ A1a (t7)  └ A1b (t8, +1)
   */
  const tree = Effect.gen(function*() {
    const { alice, bob, carol, postId } = yield* community
    const dave = yield* signUp("dave")
    const at = (n: number) => TestClock.adjust(`${n} minutes`)
    yield* at(1)
    const a = yield* comment(bob.token, postId, "A")
    yield* at(1)
    const b = yield* comment(bob.token, postId, "B")
    yield* at(1)
    const c = yield* comment(bob.token, postId, "C")
    yield* at(1)
    const a1 = yield* comment(bob.token, postId, "A1", a)
    yield* at(1)
    const a2 = yield* comment(bob.token, postId, "A2", a)
    yield* at(1)
    yield* comment(bob.token, postId, "C1", c)
    yield* at(1)
    yield* comment(bob.token, postId, "A1a", a1)
    yield* at(1)
    const a1b = yield* comment(bob.token, postId, "A1b", a1)
    const vote = (id: string, value: number, token: string) =>
      Effect.flatMap(postJson(`/api/comments/${id}/vote`, { value }, token), (reply) =>
        reply.status === 200 ? Effect.void : Effect.dieMessage(`vote: ${reply.status} ${reply.text}`))
    yield* vote(a, 1, carol.token)
    yield* vote(a, -1, dave.token)
    yield* vote(b, 1, carol.token)
    yield* vote(b, 1, dave.token)
    yield* vote(c, -1, carol.token)
    yield* vote(a2, 1, carol.token)
    yield* vote(a1b, 1, alice.token)
    return { bob, postId }
  })

  it.effect("thread order on a three-level tree for every sort; best is the default", () =>
    Effect.gen(function*() {
      const { postId } = yield* tree
      expect(yield* contents(`post_id=${postId}&sort=old`)).toEqual(["A", "A1", "A1a", "A1b", "A2", "B", "C", "C1"])
      expect(yield* contents(`post_id=${postId}&sort=new`)).toEqual(["C", "C1", "B", "A", "A2", "A1", "A1b", "A1a"])
      expect(yield* contents(`post_id=${postId}&sort=top`)).toEqual(["B", "A", "A2", "A1", "A1b", "A1a", "C", "C1"])
      const best = ["B", "A", "A2", "A1", "A1b", "A1a", "C", "C1"]
      expect(yield* contents(`post_id=${postId}&sort=best`)).toEqual(best)
      expect(yield* contents(`post_id=${postId}`)).toEqual(best)
      const depths = items(yield* get(`/api/comments/?post_id=${postId}&sort=old`)).map((c) => c["depth"])
      expect(depths).toEqual([0, 1, 2, 2, 1, 0, 0, 1])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("limit and offset page through the thread order", () =>
    Effect.gen(function*() {
      const { postId } = yield* tree
      expect(yield* contents(`post_id=${postId}&sort=old&limit=3`)).toEqual(["A", "A1", "A1a"])
      expect(yield* contents(`post_id=${postId}&sort=old&limit=3&offset=3`)).toEqual(["A1b", "A2", "B"])
      expect(yield* contents(`post_id=${postId}&sort=old&offset=7`)).toEqual(["C1"])
      expect(yield* contents(`post_id=${postId}&sort=old&offset=8`)).toEqual([])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("default limit is 200, at most 500", () =>
    Effect.gen(function*() {
      const { bob, postId } = yield* community
      yield* Effect.all(
        Array.from({ length: 201 }, (_, i) => comment(bob.token, postId, `c${i}`)),
        { concurrency: 10 }
      )
      expect((yield* contents(`post_id=${postId}`)).length).toBe(200)
      expect((yield* contents(`post_id=${postId}&limit=500`)).length).toBe(201)
      expect((yield* contents(`post_id=${postId}&limit=1&offset=200`)).length).toBe(1)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("422 without post_id, for unknown sort, limit 0 or 501, negative or non-integer offset; 404 unknown post", () =>
    Effect.gen(function*() {
      const { postId } = yield* community
      const missing = yield* get("/api/comments")
      expect(missing.status).toBe(422)
      expect(missing.body).toEqual({ detail: [{ loc: ["query", "post_id"], msg: "is missing", type: "missing" }] })
      for (const query of ["sort=hot", "sort=", "limit=0", "limit=501", "limit=abc", "limit=1.5", "offset=-1", "offset=x"]) {
        const reply = yield* get(`/api/comments?post_id=${postId}&${query}`)
        expect({ query, status: reply.status }).toEqual({ query, status: 422 })
      }
      const many = yield* get(`/api/comments?post_id=${postId}&sort=hot&limit=0`)
      expect(locs(many)).toEqual([["query", "sort"], ["query", "limit"]])
      for (const query of ["limit=1", "limit=500", "offset=0"]) {
        expect((yield* get(`/api/comments?post_id=${postId}&${query}`)).status).toBe(200)
      }
      const unknown = yield* get("/api/comments?post_id=no-such-post")
      expect(unknown.status).toBe(404)
      expect(unknown.body).toEqual(errorBody("Post 'no-such-post' not found", "post_not_found"))
    }).pipe(Effect.provide(makeTestServer())))
})

describe("GET /api/comments/{id}", () => {
  it.effect("200 with the Comment; 404 for an unknown id; 422 for an over-long id", () =>
    Effect.gen(function*() {
      const { bob, postId } = yield* community
      const created = yield* postJson("/api/comments", { post_id: postId, content: "Hello" }, bob.token)
      const id = str(created, "id")
      for (const path of [`/api/comments/${id}`, `/api/comments/${id}/`]) {
        const reply = yield* get(path)
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual(created.body)
      }
      const unknown = yield* get("/api/comments/no-such-comment")
      expect(unknown.status).toBe(404)
      expect(unknown.body).toEqual(errorBody("Comment 'no-such-comment' not found", "comment_not_found"))
      const tooLong = yield* get(`/api/comments/${"x".repeat(65)}`)
      expect(tooLong.status).toBe(422)
      expect(locs(tooLong)).toEqual([["path", "id"]])
    }).pipe(Effect.provide(makeTestServer())))
})

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
    }).pipe(Effect.provide(makeTestServer())))

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
      const sneaky = yield* patchJson(`/api/comments/${id}`, { content: "ok", upvotes: 100, author_id: carol.id }, bob.token)
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
    }).pipe(Effect.provide(makeTestServer())))
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
      const replyToDeleted = yield* postJson("/api/comments", { post_id: postId, content: "x", parent_id: parent }, carol.token)
      expect(replyToDeleted.status).toBe(404)
      const replyToChild = yield* comment(bob.token, postId, "still talking", child)
      expect(fields(yield* get(`/api/comments/${replyToChild}`))["depth"]).toBe(2)
    }).pipe(Effect.provide(makeTestServer())))

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
    }).pipe(Effect.provide(makeTestServer())))
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
    }).pipe(Effect.provide(makeTestServer())))
})
