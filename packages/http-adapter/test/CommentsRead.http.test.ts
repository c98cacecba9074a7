/**
 * Reading comments over HTTP: the list of a post's comments in thread order for
 * every sort, paged, with its 422 and 404 answers, and a single comment by id.
 * Each test runs its own server over a fresh in-memory domain (TestClock: time
 * starts at 1970 and moves only when told).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { errorBody, get, items, locs, postJson, signUp, str } from "./Http.js"
import { comment, community, contents } from "./CommentsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

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
      Effect.flatMap(
        postJson(`/api/comments/${id}/vote`, { value }, token),
        (reply) => reply.status === 200 ? Effect.void : Effect.dieMessage(`vote: ${reply.status} ${reply.text}`)
      )
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
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("limit and offset page through the thread order", () =>
    Effect.gen(function*() {
      const { postId } = yield* tree
      expect(yield* contents(`post_id=${postId}&sort=old&limit=3`)).toEqual(["A", "A1", "A1a"])
      expect(yield* contents(`post_id=${postId}&sort=old&limit=3&offset=3`)).toEqual(["A1b", "A2", "B"])
      expect(yield* contents(`post_id=${postId}&sort=old&offset=7`)).toEqual(["C1"])
      expect(yield* contents(`post_id=${postId}&sort=old&offset=8`)).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("422 without post_id, for unknown sort, limit 0 or 501, negative or non-integer offset; 404 unknown post", () =>
    Effect.gen(function*() {
      const { postId } = yield* community
      const missing = yield* get("/api/comments")
      expect(missing.status).toBe(422)
      expect(missing.body).toEqual({ detail: [{ loc: ["query", "post_id"], msg: "is missing", type: "missing" }] })
      for (
        const query of ["sort=hot", "sort=", "limit=0", "limit=501", "limit=abc", "limit=1.5", "offset=-1", "offset=x"]
      ) {
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
    }).pipe(Effect.provide(TestServer.layer())))
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
    }).pipe(Effect.provide(TestServer.layer())))
})
