/**
 * Brute force on login over a real socket: failed logins are counted per
 * username and per client address (LOGIN_FAILURE, 10 per 15 minutes by
 * default); past the limit the answer is 429 whether or not the password is
 * right, and a success does not reset another address's count.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { password, register } from "./Http.js"
import { from, limitHeaders, serverWith } from "./RateLimitsSetup.js"

const login = (address: string, username: string, pass: string) =>
  from(
    address,
    HttpClientRequest.bodyUrlParams(HttpClientRequest.post("/api/auth/login"), { username, password: pass })
  )

describe("login brute force", () => {
  it.effect("ten failures for a username: the right password is refused too, from any address, until the window ends", () =>
    Effect.gen(function*() {
      yield* register("alice")
      yield* register("bob")
      for (let i = 0; i < 10; i++) {
        expect((yield* login(`203.0.113.${i}`, "alice", "guess")).status).toBe(401)
      }
      const refused = yield* login("198.51.100.50", "alice", password)
      expect(refused.status).toBe(429)
      expect(refused.headers["retry-after"]).toBe("900")
      expect(refused.body).toEqual({
        detail: "Too many requests; retry in 900 seconds",
        code: "rate_limited",
        retry_after: 900
      })
      expect(limitHeaders(refused.headers).policy).toBe("\"login_failure\";q=10;w=900")
      // Another user, from an address that failed once, is not affected.
      expect((yield* login("203.0.113.1", "bob", password)).status).toBe(200)
      yield* TestClock.adjust("15 minutes")
      expect((yield* login("198.51.100.50", "alice", password)).status).toBe(200)
    }).pipe(Effect.provide(serverWith())))

  it.effect("ten failures from one address: refused there even rightly; other addresses unaffected; a success elsewhere resets nothing", () =>
    Effect.gen(function*() {
      yield* register("alice")
      for (let i = 0; i < 9; i++) {
        expect((yield* login("203.0.113.7", `nobody${i}`, "guess")).status).toBe(401)
      }
      // A success from another address leaves the first address's count as it was.
      expect((yield* login("198.51.100.1", "alice", password)).status).toBe(200)
      expect((yield* login("203.0.113.7", "nobody9", "guess")).status).toBe(401)
      expect((yield* login("203.0.113.7", "alice", password)).status).toBe(429)
      expect((yield* login("198.51.100.2", "alice", password)).status).toBe(200)
    }).pipe(Effect.provide(serverWith())))
})
