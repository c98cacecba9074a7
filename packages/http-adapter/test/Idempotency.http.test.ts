/**
 * Idempotent retries over HTTP, on the in-memory domain: a retry with the
 * same key and request replays the kept answer (same status and bytes, with
 * `Idempotent-Replayed: true`) and does nothing again; the key with another
 * request is 422 idempotency_key_reused; keys belong to their caller; a bad
 * key is 422; answers expire after 24 hours (TestClock); twenty identical
 * requests at once store one post.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, TestClock } from "effect"
import { burstWithOneKey, postsIn, replayedHeader, sendKeyed, TestServer } from "@holonet/http-adapter/testing"
import { createChannel, errorBody, get, login, send, sendChunked, signUp, str } from "./Http.js"

const setup = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  yield* createChannel(alice.token, "general")
  return { alice, bob }
})

const post = (title: string) => ({ title, content: "Body", channel_id: "general" })

describe("Idempotency-Key", () => {
  it.effect("a retry replays the kept answer byte for byte, with Idempotent-Replayed; one post is stored", () =>
    Effect.gen(function*() {
      const { alice } = yield* setup
      const first = yield* sendKeyed("POST", "/api/posts", "key-1", post("Hello"), alice.token)
      expect(first.status, first.text).toBe(201)
      expect(first.headers[replayedHeader]).toBeUndefined()
      yield* TestClock.adjust("5 minutes")
      const again = yield* sendKeyed("POST", "/api/posts", "key-1", post("Hello"), alice.token)
      expect(again.status).toBe(201)
      expect(again.headers[replayedHeader]).toBe("true")
      expect(again.text).toBe(first.text)
      expect(again.headers["content-type"]).toBe(first.headers["content-type"])
      expect((yield* postsIn("general")).map((p) => p.id)).toEqual([str(first, "id")])

      // PATCH and DELETE too: the second DELETE replays 204 instead of a 404.
      const id = str(first, "id")
      const patched = yield* sendKeyed("PATCH", `/api/posts/${id}`, "key-2", { title: "Edited" }, alice.token)
      const patchedAgain = yield* sendKeyed("PATCH", `/api/posts/${id}`, "key-2", { title: "Edited" }, alice.token)
      expect([patched.status, patchedAgain.status]).toEqual([200, 200])
      expect(patchedAgain.text).toBe(patched.text)
      const deleted = yield* sendKeyed("DELETE", `/api/posts/${id}`, "key-3", undefined, alice.token)
      const deletedAgain = yield* sendKeyed("DELETE", `/api/posts/${id}`, "key-3", undefined, alice.token)
      expect([deleted.status, deletedAgain.status]).toEqual([204, 204])
      expect(deletedAgain.headers[replayedHeader]).toBe("true")
      expect((yield* get(`/api/posts/${id}`)).status).toBe(404)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("the key with another body, path or method: 422 idempotency_key_reused, nothing done", () =>
    Effect.gen(function*() {
      const { alice } = yield* setup
      const first = yield* sendKeyed("POST", "/api/posts", "key-1", post("Hello"), alice.token)
      expect(first.status).toBe(201)
      const reused = errorBody(
        "This Idempotency-Key was already used for a different request",
        "idempotency_key_reused"
      )
      const otherBody = yield* sendKeyed("POST", "/api/posts", "key-1", post("Other"), alice.token)
      expect(otherBody.status).toBe(422)
      expect(otherBody.body).toEqual(reused)
      const otherPath = yield* sendKeyed("POST", "/api/channels", "key-1", { name: "other" }, alice.token)
      expect(otherPath.body).toEqual(reused)
      const otherMethod = yield* sendKeyed("PATCH", "/api/posts", "key-1", post("Hello"), alice.token)
      expect(otherMethod.status).toBe(422)
      expect((yield* postsIn("general")).map((p) => p.title)).toEqual(["Hello"])
      expect((yield* get("/api/channels/other")).status).toBe(404)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("keys belong to their caller: another user's same key runs anew; GET ignores the header", () =>
    Effect.gen(function*() {
      const { alice, bob } = yield* setup
      const byAlice = yield* sendKeyed("POST", "/api/posts", "shared", post("Same"), alice.token)
      const byBob = yield* sendKeyed("POST", "/api/posts", "shared", post("Same"), bob.token)
      expect([byAlice.status, byBob.status]).toEqual([201, 201])
      expect(byBob.headers[replayedHeader]).toBeUndefined()
      expect(str(byBob, "id")).not.toBe(str(byAlice, "id"))
      expect(yield* postsIn("general")).toHaveLength(2)
      const read = yield* send(
        HttpClientRequest.get("/api/posts?channel=general").pipe(
          HttpClientRequest.setHeader("idempotency-key", "shared")
        )
      )
      expect(read.status).toBe(200)
      expect(read.headers[replayedHeader]).toBeUndefined()
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("a chunked body still reaches the handler and is replayed; a body over the cap is 413", () =>
    Effect.gen(function*() {
      const { alice } = yield* setup
      const encoder = new TextEncoder()
      const chunked = () =>
        sendChunked({
          method: "POST",
          path: "/api/posts",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${alice.token}`,
            "idempotency-key": "c1"
          },
          chunks: [
            encoder.encode("{\"title\":\"Chunked\","),
            encoder.encode("\"content\":\"x\",\"channel_id\":\"general\"}")
          ]
        })
      const first = yield* chunked()
      expect(first.status, first.text).toBe(201)
      const again = yield* chunked()
      expect(again.headers[replayedHeader]).toBe("true")
      expect(again.text).toBe(first.text)
      expect((yield* postsIn("general")).map((p) => p.title)).toEqual(["Chunked"])
      const large = yield* sendKeyed("POST", "/api/posts", "big", post("x".repeat(5000)), alice.token)
      expect(large.status).toBe(413)
    }).pipe(Effect.provide(TestServer.layer({ maxBodyBytes: 4096 }))))

  it.effect("a key that is empty, too long or not printable ASCII: 422 naming the header, nothing done", () =>
    Effect.gen(function*() {
      const { alice } = yield* setup
      const tooLong = yield* sendKeyed("POST", "/api/posts", "k".repeat(256), post("Hello"), alice.token)
      expect(tooLong.status).toBe(422)
      expect(tooLong.body).toEqual({
        detail: [{
          type: "value_error",
          loc: ["header", "Idempotency-Key"],
          msg: "Idempotency-Key must be 1 to 255 characters long (got 256)"
        }]
      })
      const tab = yield* sendKeyed("POST", "/api/posts", "a\tb", post("Hello"), alice.token)
      expect(tab.status).toBe(422)
      expect(tab.body).toMatchObject({
        detail: [{ msg: "Idempotency-Key must contain only printable ASCII characters" }]
      })
      const longest = yield* sendKeyed("POST", "/api/posts", "~".repeat(255), post("Hello"), alice.token)
      expect(longest.status).toBe(201)
      expect((yield* postsIn("general")).map((p) => p.title)).toEqual(["Hello"])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("after 24 hours the kept answer is gone: the same request runs again", () =>
    Effect.gen(function*() {
      const { alice } = yield* setup
      const first = yield* sendKeyed("POST", "/api/posts", "key-1", post("Daily"), alice.token)
      yield* TestClock.adjust(Duration.seconds(24 * 60 * 60 - 1))
      // Access tokens last 30 minutes; the key belongs to the user, whatever the token.
      const token = yield* login("alice")
      const stillKept = yield* sendKeyed("POST", "/api/posts", "key-1", post("Daily"), token)
      expect(stillKept.headers[replayedHeader], `${stillKept.status} ${stillKept.text}`).toBe("true")
      expect(stillKept.text).toBe(first.text)
      yield* TestClock.adjust(Duration.seconds(1))
      const fresh = yield* sendKeyed("POST", "/api/posts", "key-1", post("Daily"), token)
      expect(fresh.status).toBe(201)
      expect(fresh.headers[replayedHeader]).toBeUndefined()
      expect(str(fresh, "id")).not.toBe(str(first, "id"))
      expect(yield* postsIn("general")).toHaveLength(2)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("twenty identical requests at once with one key: one post, the rest 201 replays or 409", () =>
    Effect.gen(function*() {
      const outcome = yield* burstWithOneKey
      expect(outcome.postsStored).toBe(1)
      expect(outcome.others).toEqual([])
      expect(outcome.created).toBeGreaterThanOrEqual(1)
      expect(outcome.created + outcome.inUse).toBe(20)
    }).pipe(Effect.provide(TestServer.layer())))
})
