/**
 * Users over HTTP once registered: the caller's own User on /api/users/me (read
 * and PATCH), the user list, paged, and public profiles by username. Each test
 * runs its own server over a fresh in-memory domain (TestClock: time starts at
 * 1970).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { errorBody, fields, get, items, locs, patchJson, register, signUp } from "./Http.js"
import { human, unauthorized, usernames } from "./AccountsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("PATCH: 401 without a token, 422 for a too long bio, and nothing changes", () =>
    Effect.gen(function*() {
      const { token, user } = yield* signUp("alice")
      const anonymous = yield* patchJson("/api/users/me", { bio: "x" })
      unauthorized(anonymous)
      const tooLong = yield* patchJson("/api/users/me", { bio: "b".repeat(1001) }, token)
      expect(tooLong.status).toBe(422)
      expect(fields(tooLong)["detail"]).toEqual([expect.objectContaining({ loc: ["body", "bio"], type: "refinement" })])
      expect((yield* get("/api/users/me", token)).body).toEqual(user)
    }).pipe(Effect.provide(TestServer.layer())))
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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))
})
