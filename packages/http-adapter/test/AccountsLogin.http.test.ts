/**
 * Accounts over HTTP: registration, login (OAuth2 form and JSON), the bearer
 * token, /users/me, the user list and public profiles. Each test runs its own
 * server over a fresh in-memory domain (TestClock: time starts at 1970).
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { errorBody, fields, get, items, locs, login, password, patchJson, postJson, register, send, signUp, str, uuidV7 } from "./Http.js"
import { makeTestServer } from "@holonet/http-adapter/testing"

const epoch = "1970-01-01T00:00:00.000Z"

const human = (username: string, extra: Record<string, unknown> = {}) => ({
  id: expect.stringMatching(uuidV7),
  username,
  display_name: null,
  bio: null,
  user_type: "human",
  karma: 0,
  created_at: epoch,
  ...extra
})

const usernames = (path = "/api/users?limit=100") =>
  Effect.map(get(path), (reply) => items(reply).map((u) => u["username"]))

const unauthorized = (reply: { status: number; headers: Readonly<Record<string, string>>; body: unknown }) => {
  expect(reply.status).toBe(401)
  expect(reply.headers["www-authenticate"]).toBe("Bearer")
}

describe("POST /api/users", () => {
  it.effect("201 with the public User, without the password; with and without trailing slash", () =>
    Effect.gen(function*() {
      const first = yield* postJson("/api/users", {
        username: "Alice",
        password,
        display_name: "  Alice A.  ",
        bio: " hello "
      })
      expect(first.status).toBe(201)
      expect(first.headers["content-type"]).toBe("application/json")
      expect(first.body).toEqual(human("Alice", { display_name: "Alice A.", bio: "hello" }))
      expect(first.text).not.toContain(password)

      const second = yield* postJson("/api/users/", { username: "bob_2-x", password })
      expect(second.status).toBe(201)
      expect(second.body).toEqual(human("bob_2-x"))
      expect(str(second, "id")).not.toBe(str(first, "id"))
      // Both were created at the same (test) instant, so their order is the ids' order.
      expect([...(yield* usernames())].sort()).toEqual(["Alice", "bob_2-x"])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("409 when the username is taken in any case; nothing more is stored", () =>
    Effect.gen(function*() {
      yield* register("Alice")
      const clash = yield* postJson("/api/users", { username: "ALICE", password: "another-password" })
      expect(clash.status).toBe(409)
      expect(clash.body).toEqual(errorBody("Username 'ALICE' is already taken", "username_taken"))
      const again = yield* postJson("/api/users/", { username: "alice", password })
      expect(again.status).toBe(409)
      expect(yield* usernames()).toEqual(["Alice"])
      // The original password still logs in: the clash did not overwrite the account.
      expect((yield* login("alice")).length).toBeGreaterThan(0)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("422 per bad field (username, password), FastAPI-shaped; nothing stored", () =>
    Effect.gen(function*() {
      const usernameMsg = "username must be 3 to 32 characters of letters, digits, '_' or '-'"
      for (const username of ["ab", "al ice", "a".repeat(33), "bob!", ""]) {
        const reply = yield* postJson("/api/users", { username, password })
        expect(reply.status).toBe(422)
        expect(reply.body).toEqual({ detail: [{ loc: ["body", "username"], msg: usernameMsg, type: "refinement" }] })
      }
      const short = yield* postJson("/api/users", { username: "carol", password: "1234567" })
      expect(short.status).toBe(422)
      expect(short.body).toEqual({
        detail: [{
          loc: ["body", "password"],
          msg: "Expected a string at least 8 character(s) long, actual \"1234567\"",
          type: "refinement"
        }]
      })
      const long = yield* postJson("/api/users", { username: "carol", password: "p".repeat(129) })
      expect(long.status).toBe(422)
      expect(fields(long)["detail"]).toEqual([expect.objectContaining({ loc: ["body", "password"], type: "refinement" })])

      const both = yield* postJson("/api/users", { username: "x", password: "short" })
      expect(both.status).toBe(422)
      expect(locs(both)).toEqual([
        ["body", "username"],
        ["body", "password"]
      ])
      const missing = yield* postJson("/api/users", {})
      expect(missing.body).toEqual({
        detail: [
          { loc: ["body", "username"], msg: "is missing", type: "missing" },
          { loc: ["body", "password"], msg: "is missing", type: "missing" }
        ]
      })
      const longName = yield* postJson("/api/users", { username: "dave", password, display_name: "d".repeat(65) })
      expect(longName.status).toBe(422)
      expect(fields(longName)["detail"]).toEqual([
        expect.objectContaining({ loc: ["body", "display_name"], type: "refinement" })
      ])
      expect(yield* usernames()).toEqual([])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("415 for a form body and 422 json_invalid for malformed JSON; nothing stored", () =>
    Effect.gen(function*() {
      const form = yield* send(
        HttpClientRequest.post("/api/users").pipe(HttpClientRequest.bodyUrlParams({ username: "erin", password }))
      )
      expect(form.status).toBe(415)
      expect(form.body).toEqual(errorBody("Unsupported media type: send application/json", "unsupported_media_type"))
      const malformed = yield* send(
        HttpClientRequest.post("/api/users").pipe(HttpClientRequest.bodyText("{\"username\": \"erin\",", "application/json"))
      )
      expect(malformed.status).toBe(422)
      expect(malformed.body).toEqual({
        detail: [{ loc: ["body"], msg: "Request body is not valid JSON", type: "json_invalid" }]
      })
      expect(yield* usernames()).toEqual([])
    }).pipe(Effect.provide(makeTestServer())))
})

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
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("JSON credentials are accepted too, with and without trailing slash", () =>
    Effect.gen(function*() {
      yield* register("bob")
      for (const path of ["/api/auth/login", "/api/auth/login/"]) {
        const reply = yield* postJson(path, { username: "BOB", password })
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual({ access_token: expect.any(String), token_type: "bearer", expires_in: 3600 })
        expect((yield* get("/api/users/me/", str(reply, "access_token"))).body).toEqual(human("bob"))
      }
    }).pipe(Effect.provide(makeTestServer())))

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
    }).pipe(Effect.provide(makeTestServer())))

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
    }).pipe(Effect.provide(makeTestServer())))
})

describe("bearer authentication", () => {
  it.effect("401 + WWW-Authenticate: Bearer for a missing, empty, garbage or non-Bearer credential", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      const notAuthenticated = errorBody("Not authenticated", "unauthenticated")
      const invalid = errorBody("Could not validate credentials", "unauthenticated")
      const cases: ReadonlyArray<[HttpClientRequest.HttpClientRequest, unknown]> = [
        [HttpClientRequest.get("/api/users/me"), notAuthenticated],
        [HttpClientRequest.get("/api/users/me").pipe(HttpClientRequest.setHeader("authorization", "Bearer ")), notAuthenticated],
        [HttpClientRequest.get("/api/users/me").pipe(HttpClientRequest.bearerToken("garbage.token.here")), invalid],
        [
          HttpClientRequest.get("/api/users/me").pipe(
            HttpClientRequest.setHeader("authorization", `Basic ${Buffer.from(`alice:${password}`).toString("base64")}`)
          ),
          notAuthenticated
        ],
        // The real token, but under another scheme: still not a bearer credential.
        [HttpClientRequest.get("/api/users/me").pipe(HttpClientRequest.setHeader("authorization", `Basic ${token}`)), notAuthenticated],
        [HttpClientRequest.get("/api/users/me").pipe(HttpClientRequest.setHeader("authorization", `Token ${token}`)), notAuthenticated],
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
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("a token stops working once it expires", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      yield* TestClock.adjust("3599 seconds")
      expect((yield* get("/api/users/me", token)).status).toBe(200)
      yield* TestClock.adjust("2 seconds")
      const expired = yield* get("/api/users/me", token)
      unauthorized(expired)
      expect(expired.body).toEqual(errorBody("Could not validate credentials", "unauthenticated"))
    }).pipe(Effect.provide(makeTestServer())))
})

describe("/api/users/me", () => {
  it.effect("GET answers the caller's User, with and without trailing slash", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("90 minutes")
      const { token, user } = yield* signUp("alice")
      expect(user["created_at"]).toBe("1970-01-01T01:30:00.000Z")
      for (const path of ["/api/users/me", "/api/users/me/"]) {
        const reply = yield* get(path, token)
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual(user)
      }
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("PATCH changes display_name and bio only; other fields are never applied", () =>
    Effect.gen(function*() {
      const { token, user } = yield* signUp("alice")
      const patched = yield* patchJson("/api/users/me", { display_name: "  Alice  ", bio: "Hi there" }, token)
      expect(patched.status).toBe(200)
      expect(patched.body).toEqual({ ...user, display_name: "Alice", bio: "Hi there" })

      const sneaky = yield* patchJson(
        "/api/users/me/",
        { bio: null, karma: 1000, user_type: "agent", username: "mallory", id: "x" },
        token
      )
      expect(sneaky.status).toBe(200)
      expect(sneaky.body).toEqual({ ...user, display_name: "Alice", bio: null })
      expect((yield* get("/api/users/alice")).body).toEqual({ ...user, display_name: "Alice", bio: null })
      expect((yield* get("/api/users/mallory")).status).toBe(404)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("PATCH: 401 without a token, 422 for a too long bio, and nothing changes", () =>
    Effect.gen(function*() {
      const { token, user } = yield* signUp("alice")
      const anonymous = yield* patchJson("/api/users/me", { bio: "x" })
      unauthorized(anonymous)
      const tooLong = yield* patchJson("/api/users/me", { bio: "b".repeat(1001) }, token)
      expect(tooLong.status).toBe(422)
      expect(fields(tooLong)["detail"]).toEqual([expect.objectContaining({ loc: ["body", "bio"], type: "refinement" })])
      expect((yield* get("/api/users/me", token)).body).toEqual(user)
    }).pipe(Effect.provide(makeTestServer())))
})

describe("GET /api/users and /api/users/{username}", () => {
  it.effect("the list is oldest first, paged by limit and offset, default limit 20", () =>
    Effect.gen(function*() {
      const names = Array.from({ length: 22 }, (_, i) => `user${String(i).padStart(2, "0")}`)
      for (const name of names) {
        yield* TestClock.adjust("1 second")
        yield* register(name)
      }
      const all = yield* get("/api/users")
      expect(all.status).toBe(200)
      expect(items(all).map((u) => u["username"])).toEqual(names.slice(0, 20))
      expect(items(all)[0]).toEqual(human("user00", { created_at: "1970-01-01T00:00:01.000Z" }))
      expect(yield* usernames("/api/users/?limit=2&offset=20")).toEqual(["user20", "user21"])
      expect(yield* usernames("/api/users?limit=1&offset=5")).toEqual(["user05"])
      expect(yield* usernames("/api/users?offset=22")).toEqual([])
      expect(yield* usernames("/api/users?limit=100")).toEqual(names)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("422 for limit 0, 101, abc, 1.5 and offset -1, with loc [query, ...]", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<[string, string, string]> = [
        ["limit=0", "limit", "Expected a number between 1 and 100, actual 0"],
        ["limit=101", "limit", "Expected a number between 1 and 100, actual 101"],
        ["limit=abc", "limit", "Unable to decode \"abc\" into a number"],
        ["offset=-1", "offset", "Expected a non-negative number, actual -1"]
      ]
      for (const [query, field, msg] of cases) {
        for (const path of ["/api/users", "/api/users/"]) {
          const reply = yield* get(`${path}?${query}`)
          expect(reply.status).toBe(422)
          expect(reply.body).toEqual({ detail: [{ loc: ["query", field], msg, type: expect.any(String) }] })
        }
      }
      const fraction = yield* get("/api/users?limit=1.5")
      expect(fraction.status).toBe(422)
      const both = yield* get("/api/users?limit=0&offset=-1")
      expect(locs(both)).toEqual([
        ["query", "limit"],
        ["query", "offset"]
      ])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("a profile is found case-insensitively; an unknown user is 404", () =>
    Effect.gen(function*() {
      const { user } = yield* signUp("Alice")
      for (const path of ["/api/users/Alice", "/api/users/alice/", "/api/users/ALICE"]) {
        const reply = yield* get(path)
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual(user)
      }
      const missing = yield* get("/api/users/ghost")
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual(errorBody("User 'ghost' not found", "user_not_found"))
    }).pipe(Effect.provide(makeTestServer())))
})
