/**
 * Registering accounts over HTTP (POST /api/users): the public User without the
 * password, usernames taken in any case, and the 415 and 422 answers that store
 * nothing. Each test runs its own server over a fresh in-memory domain
 * (TestClock: time starts at 1970).
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { errorBody, fields, locs, login, password, postJson, register, send, str } from "./Http.js"
import { human, usernames } from "./AccountsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))

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
      expect(fields(long)["detail"]).toEqual([
        expect.objectContaining({ loc: ["body", "password"], type: "refinement" })
      ])

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
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("415 for a form body and 422 json_invalid for malformed JSON; nothing stored", () =>
    Effect.gen(function*() {
      const form = yield* send(
        HttpClientRequest.post("/api/users").pipe(HttpClientRequest.bodyUrlParams({ username: "erin", password }))
      )
      expect(form.status).toBe(415)
      expect(form.body).toEqual(errorBody("Unsupported media type: send application/json", "unsupported_media_type"))
      const malformed = yield* send(
        HttpClientRequest.post("/api/users").pipe(
          HttpClientRequest.bodyText("{\"username\": \"erin\",", "application/json")
        )
      )
      expect(malformed.status).toBe(422)
      expect(malformed.body).toEqual({
        detail: [{ loc: ["body"], msg: "Request body is not valid JSON", type: "json_invalid" }]
      })
      expect(yield* usernames()).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))
})
