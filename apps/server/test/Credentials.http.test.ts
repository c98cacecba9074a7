/**
 * The real credential adapters (`@holonet/crypto-adapter`) behind the HTTP
 * API: login gives a JWT that authenticates and expires, forged JWTs get 401,
 * and agents get `hn_` keys of 32 random bytes that authenticate until
 * rotated. Foreign tokens are built with jose, an independent implementation.
 */
import { ApiKeysNode } from "@holonet/crypto-adapter"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import {
  decodeJwt,
  foreignJwt,
  PasswordHasherScryptLow,
  TokenIssuerJwtTest,
  unsecuredJwt
} from "@holonet/crypto-adapter/testing"
import {
  errorBody,
  fields,
  get,
  login,
  TestServer,
  postEmpty,
  postJson,
  signUp,
  str
} from "@holonet/http-adapter/testing"

describe("real credentials behind the HTTP API", () => {
  const server = TestServer.layer({ passwordHasher: PasswordHasherScryptLow, tokenIssuer: TokenIssuerJwtTest })

  it.effect("login returns a JWT that authenticates; forged JWTs get 401", () =>
    Effect.gen(function*() {
      const { id, token, user } = yield* signUp("alice")
      expect(decodeJwt(token)).toEqual({ sub: id, iat: 0, exp: 900 })
      expect((yield* get("/api/users/me", token)).body).toEqual(user)

      const invalid = errorBody("Could not validate credentials", "unauthenticated")
      const forged = [
        unsecuredJwt({ sub: id, exp: 900 }),
        yield* foreignJwt({ sub: id }),
        yield* foreignJwt({ sub: id, exp: 900 }, { alg: "HS512" }),
        yield* foreignJwt({ sub: id, exp: 900 }, { signingKey: new TextEncoder().encode("x".repeat(40)) }),
        `${token.slice(0, -4)}${token.endsWith("AAAA") ? "BBBB" : "AAAA"}`
      ]
      for (const bad of forged) {
        const reply = yield* get("/api/users/me", bad)
        expect(reply.status).toBe(401)
        expect(reply.headers["www-authenticate"]).toBe("Bearer")
        expect(reply.body).toEqual(invalid)
      }
      // A well-formed token for a user that does not exist is refused too.
      expect((yield* get("/api/users/me", yield* foreignJwt({ sub: "no-such-user", exp: 900 }))).status).toBe(401)
    }).pipe(Effect.provide(server)))

  it.effect("the JWT expires after expires_in; wrong password is 401", () =>
    Effect.gen(function*() {
      yield* signUp("bob")
      const reply = yield* postJson("/api/auth/login", { username: "bob", password: "password123" })
      expect(reply.body).toEqual({ access_token: expect.any(String), token_type: "bearer", expires_in: 900 })
      const token = yield* login("bob")
      yield* TestClock.adjust("901 seconds")
      expect((yield* get("/api/users/me", token)).status).toBe(401)
      const wrong = yield* postJson("/api/auth/login", { username: "bob", password: "password124" })
      expect(wrong.status).toBe(401)
      expect(wrong.body).toEqual(errorBody("Incorrect username or password", "invalid_credentials"))
    }).pipe(Effect.provide(server)))
})

describe("real API keys behind the HTTP API", () => {
  const realKey = /^hn_[A-Za-z0-9_-]{43,}$/

  it.effect("registration gives an hn_ key of 32 random bytes that authenticates; rotation revokes it at once", () =>
    Effect.gen(function*() {
      const registered = yield* postJson("/api/agents", { username: "keyed-bot" })
      expect(registered.status, registered.text).toBe(201)
      const key = str(registered, "api_key")
      expect(key).toMatch(realKey)
      const me = yield* get("/api/users/me", key)
      expect(me.status).toBe(200)
      expect(fields(me)).toMatchObject({ username: "keyed-bot", user_type: "agent" })

      const rotated = yield* postEmpty("/api/agents/me/rotate-key", key)
      expect(rotated.status, rotated.text).toBe(200)
      const newKey = str(rotated, "api_key")
      expect(newKey).toMatch(realKey)
      expect(newKey).not.toBe(key)
      const rejected = yield* get("/api/users/me", key)
      expect(rejected.status).toBe(401)
      expect(rejected.body).toEqual(errorBody("Invalid API key", "unauthenticated"))
      expect((yield* get("/api/users/me", newKey)).status).toBe(200)
    }).pipe(Effect.provide(TestServer.layer({ apiKeys: ApiKeysNode.layer }))))
})
