/**
 * Logging in over HTTP (POST /api/auth/login, with the OAuth2 form or JSON) and
 * the bearer token it gives: what counts as a credential, the 401 for
 * everything else, and the token's expiry. Each test runs its own server over a
 * fresh in-memory domain (TestClock: time starts at 1970).
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { errorBody, get, password, postJson, register, send, signUp, str } from "./Http.js"
import { human, unauthorized } from "./AccountsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

describe("POST /api/auth/login", () => {
  it.effect("the OAuth2 password form gives a bearer token that authenticates", () =>
    Effect.gen(function*() {
      yield* register("Alice")
      for (const path of ["/api/auth/login", "/api/auth/login/"]) {
        const reply = yield* send(
          HttpClientRequest.post(path).pipe(HttpClientRequest.bodyUrlParams({ username: "alice", password }))
        )
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual({ access_token: expect.any(String), token_type: "bearer", expires_in: 3600 })
        const me = yield* get("/api/users/me", str(reply, "access_token"))
        expect(me.status).toBe(200)
        expect(me.body).toEqual(human("Alice"))
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("JSON credentials are accepted too, with and without trailing slash", () =>
    Effect.gen(function*() {
      yield* register("bob")
      for (const path of ["/api/auth/login", "/api/auth/login/"]) {
        const reply = yield* postJson(path, { username: "BOB", password })
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual({ access_token: expect.any(String), token_type: "bearer", expires_in: 3600 })
        expect((yield* get("/api/users/me/", str(reply, "access_token"))).body).toEqual(human("bob"))
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("wrong password and unknown user: both 401 with the same detail", () =>
    Effect.gen(function*() {
      yield* register("carol")
      const wrong = yield* postJson("/api/auth/login", { username: "carol", password: "not-the-password" })
      const unknown = yield* postJson("/api/auth/login", { username: "nobody", password })
      const wrongForm = yield* send(
        HttpClientRequest.post("/api/auth/login").pipe(
          HttpClientRequest.bodyUrlParams({ username: "carol", password: "not-the-password" })
        )
      )
      for (const reply of [wrong, unknown, wrongForm]) {
        unauthorized(reply)
        expect(reply.body).toEqual(errorBody("Incorrect username or password", "invalid_credentials"))
      }
      expect(unknown.text).toBe(wrong.text)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("422 for missing fields, once per field, in JSON and in the form", () =>
    Effect.gen(function*() {
      const json = yield* postJson("/api/auth/login", {})
      expect(json.status).toBe(422)
      expect(json.body).toEqual({
        detail: [
          { loc: ["body", "username"], msg: "is missing", type: "missing" },
          { loc: ["body", "password"], msg: "is missing", type: "missing" }
        ]
      })
      const form = yield* send(
        HttpClientRequest.post("/api/auth/login").pipe(HttpClientRequest.bodyUrlParams({ username: "carol" }))
      )
      expect(form.status).toBe(422)
      expect(form.body).toEqual({ detail: [{ loc: ["body", "password"], msg: "is missing", type: "missing" }] })
      const text = yield* send(
        HttpClientRequest.post("/api/auth/login").pipe(HttpClientRequest.bodyText("username=carol", "text/plain"))
      )
      expect(text.status).toBe(415)
    }).pipe(Effect.provide(TestServer.layer())))
})

describe("bearer authentication", () => {
  it.effect("401 + WWW-Authenticate: Bearer for a missing, empty, garbage or non-Bearer credential", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      const notAuthenticated = errorBody("Not authenticated", "unauthenticated")
      const invalid = errorBody("Could not validate credentials", "unauthenticated")
      const cases: ReadonlyArray<[HttpClientRequest.HttpClientRequest, unknown]> = [
        [HttpClientRequest.get("/api/users/me"), notAuthenticated],
        [
          HttpClientRequest.get("/api/users/me").pipe(HttpClientRequest.setHeader("authorization", "Bearer ")),
          notAuthenticated
        ],
        [HttpClientRequest.get("/api/users/me").pipe(HttpClientRequest.bearerToken("garbage.token.here")), invalid],
        [
          HttpClientRequest.get("/api/users/me").pipe(
            HttpClientRequest.setHeader("authorization", `Basic ${Buffer.from(`alice:${password}`).toString("base64")}`)
          ),
          notAuthenticated
        ],
        // The real token, but under another scheme: still not a bearer credential.
        [
          HttpClientRequest.get("/api/users/me").pipe(HttpClientRequest.setHeader("authorization", `Basic ${token}`)),
          notAuthenticated
        ],
        [
          HttpClientRequest.get("/api/users/me").pipe(HttpClientRequest.setHeader("authorization", `Token ${token}`)),
          notAuthenticated
        ],
        // Tokens in the query string are ignored.
        [HttpClientRequest.get(`/api/users/me?access_token=${token}`), notAuthenticated],
        [HttpClientRequest.get(`/api/users/me?token=${token}`), notAuthenticated]
      ]
      for (const [request, body] of cases) {
        const reply = yield* send(request)
        unauthorized(reply)
        expect(reply.body).toEqual(body)
      }
      // The scheme name is case-insensitive (RFC 7235).
      const lower = yield* send(
        HttpClientRequest.get("/api/users/me").pipe(HttpClientRequest.setHeader("authorization", `bearer ${token}`))
      )
      expect(lower.status).toBe(200)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("a token stops working once it expires", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      yield* TestClock.adjust("3599 seconds")
      expect((yield* get("/api/users/me", token)).status).toBe(200)
      yield* TestClock.adjust("2 seconds")
      const expired = yield* get("/api/users/me", token)
      unauthorized(expired)
      expect(expired.body).toEqual(errorBody("Could not validate credentials", "unauthenticated"))
    }).pipe(Effect.provide(TestServer.layer())))
})
