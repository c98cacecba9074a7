/**
 * Cross-cutting HTTP behaviour, health and routing: /health and /health/ready,
 * a defect answered as a bare JSON 500, every route with and without a trailing
 * slash, and unknown routes and methods as a JSON 404.
 */
import { HttpClientRequest } from "@effect/platform"
import { Readiness } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import {
  createChannel,
  createPost,
  errorBody,
  expectSlashInsensitive,
  get,
  password,
  send,
  signUp,
  type SlashRoute
} from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

describe("health", () => {
  it.effect("GET /health and /health/ready answer 200 with and without trailing slash", () =>
    Effect.gen(function*() {
      for (const path of ["/health", "/health/"]) {
        const reply = yield* get(path)
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual({ status: "healthy" })
      }
      for (const path of ["/health/ready", "/health/ready/"]) {
        const reply = yield* get(path)
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual({ status: "ready" })
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("/health/ready is 503 when the store does not answer; /health stays 200", () =>
    Effect.gen(function*() {
      const ready = yield* get("/health/ready")
      expect(ready.status).toBe(503)
      expect(ready.body).toEqual(errorBody("Database is not answering", "not_ready"))
      expect((yield* get("/health")).status).toBe(200)
    }).pipe(
      Effect.provide(TestServer.layer({ readiness: Layer.succeed(Readiness, { check: Effect.succeed(false) }) }))
    ))

  it.effect("a defect is a bare JSON 500: no stack trace, no SQL", () =>
    Effect.gen(function*() {
      const reply = yield* get("/health/ready")
      expect(reply.status).toBe(500)
      expect(reply.headers["content-type"]).toBe("application/json")
      expect(reply.body).toEqual(errorBody("Internal Server Error", "internal_error"))
      expect(reply.text).not.toContain("SELECT")
      expect(reply.text).not.toContain("at ")
    }).pipe(Effect.provide(TestServer.layer({
      readiness: Layer.succeed(Readiness, {
        check: Effect.die(new Error("SELECT password_hash FROM users failed: connection refused"))
      })
    }))))
})

describe("routing", () => {
  it.effect("every /api route answers its success status with and without a trailing slash", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      yield* createChannel(alice.token, "general")
      const postA = yield* createPost(bob.token, "general", "A")
      const postB = yield* createPost(bob.token, "general", "B")
      const auth = HttpClientRequest.bearerToken(bob.token)
      const jsonBody = HttpClientRequest.bodyUnsafeJson
      const routes: ReadonlyArray<SlashRoute> = [
        [201, (s, i) => HttpClientRequest.post(`/api/users${s}`).pipe(jsonBody({ username: `new${i}`, password }))],
        [
          200,
          (s) =>
            HttpClientRequest.post(`/api/auth/login${s}`).pipe(
              HttpClientRequest.bodyUrlParams({ username: "bob", password })
            )
        ],
        [200, (s) => HttpClientRequest.get(`/api/users/me${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.patch(`/api/users/me${s}`).pipe(auth, jsonBody({ bio: "b" }))],
        [200, (s) => HttpClientRequest.get(`/api/users${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/users/alice${s}`)],
        [
          201,
          (s, i) => HttpClientRequest.post(`/api/channels${s}`).pipe(auth, jsonBody({ name: `chan${i}`, title: "T" }))
        ],
        [200, (s) => HttpClientRequest.get(`/api/channels${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/channels/general${s}`)],
        [204, (s) => HttpClientRequest.post(`/api/channels/general/subscription${s}`).pipe(auth)],
        [204, (s) => HttpClientRequest.del(`/api/channels/general/subscription${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.get(`/api/posts${s}`)],
        [
          201,
          (s) =>
            HttpClientRequest.post(`/api/posts${s}`).pipe(
              auth,
              jsonBody({ title: "T", content: "", channel_id: "general" })
            )
        ],
        [200, (s) => HttpClientRequest.get(`/api/posts/${postA["id"]}${s}`)],
        [200, (s) => HttpClientRequest.patch(`/api/posts/${postA["id"]}${s}`).pipe(auth, jsonBody({ title: "A2" }))],
        [204, (s, i) => HttpClientRequest.del(`/api/posts/${[postA, postB][i]?.["id"]}${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.get(`/api/feed${s}`).pipe(auth)],
        [204, (s) => HttpClientRequest.post(`/api/users/alice/follow${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.get(`/api/users/alice/followers${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/users/bob/following${s}`)],
        [204, (s) => HttpClientRequest.del(`/api/users/alice/follow${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.get(`/api/notifications${s}`).pipe(auth)],
        [204, (s) => HttpClientRequest.post(`/api/notifications/read${s}`).pipe(auth)],
        [204, (s) => HttpClientRequest.post(`/api/notifications/read${s}`).pipe(auth, jsonBody({ ids: [] }))],
        [200, (s) => HttpClientRequest.get(`/api/search${s}?q=hello`)],
        [200, (s) => HttpClientRequest.get(`/health${s}`)],
        [200, (s) => HttpClientRequest.get(`/health/ready${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/openapi.json${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/docs${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/redoc${s}`)],
        [200, (s) => HttpClientRequest.get(`/skill.md${s}`)],
        [200, (s) => HttpClientRequest.get(`/llms.txt${s}`)]
      ]
      yield* expectSlashInsensitive(routes)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("unknown routes and methods answer a JSON 404", () =>
    Effect.gen(function*() {
      const requests = [
        HttpClientRequest.get("/nope"),
        HttpClientRequest.get("/api/nope"),
        HttpClientRequest.get("/api/posts/some-id/comments-that-do-not-exist"),
        HttpClientRequest.del("/api/posts"),
        HttpClientRequest.put("/api/users/me"),
        HttpClientRequest.post("/api/users/me").pipe(HttpClientRequest.bodyUnsafeJson({}))
      ]
      for (const request of requests) {
        const reply = yield* send(request)
        expect(reply.status).toBe(404)
        expect(reply.headers["content-type"]).toBe("application/json")
        expect(reply.body).toEqual(errorBody("Not Found", "not_found"))
      }
    }).pipe(Effect.provide(TestServer.layer())))
})
