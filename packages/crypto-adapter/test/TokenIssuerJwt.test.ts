/**
 * The credential adapters: PasswordHasherScrypt, TokenIssuerJwt and
 * ApiKeysNode, on their own and behind the HTTP API (login gives a JWT;
 * forged JWTs get 401).
 * Foreign tokens are built with jose, an independent JWT implementation.
 */
import { ApiKeys, PasswordHasher, TokenIssuer, UserId } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Option, Redacted, TestClock } from "effect"
import { decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from "jose"
import { createHash } from "node:crypto"
import { ApiKeysNode } from "../src/ApiKeysNode.js"
import { makePasswordHasherScrypt, type ScryptParams } from "../src/PasswordHasherScrypt.js"
import { makeTokenIssuerJwt } from "../src/TokenIssuerJwt.js"
import { errorBody, get, login, postJson, signUp } from "./Http.js"
import { makeTestServer } from "./TestServer.js"

const lowCost: ScryptParams = { cost: 1024, blockSize: 8, parallelization: 1 }
const ScryptLow = makePasswordHasherScrypt(lowCost)

const secret = "0123456789abcdef0123456789abcdef-holonet-test"
const JwtLive = makeTokenIssuerJwt({ secret: Redacted.make(secret), expireMinutes: 15 })
const key = new TextEncoder().encode(secret)

const hash = (password: string) => Effect.flatMap(PasswordHasher, (h) => h.hash(Redacted.make(password)))
const verify = (password: string, stored: string) =>
  Effect.flatMap(PasswordHasher, (h) => h.verify(Redacted.make(password), stored))

const issue = (userId: string) => Effect.flatMap(TokenIssuer, (t) => t.issue(UserId.make(userId)))
const verifyToken = (token: string) => Effect.flatMap(TokenIssuer, (t) => t.verify(Redacted.make(token)))

/** A JWT signed by someone else, or in some other way than ours. */
const foreign = (
  claims: { sub?: string; exp?: number },
  options: { alg?: string; signingKey?: Uint8Array } = {}
) =>
  Effect.promise(() => {
    const jwt = new SignJWT({}).setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" }).setIssuedAt(0)
    if (claims.sub !== undefined) jwt.setSubject(claims.sub)
    if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp)
    return jwt.sign(options.signingKey ?? key)
  })

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")

describe("PasswordHasherScrypt", () => {
  it.effect("hash then verify: the right password is true, a wrong one false", () =>
    Effect.gen(function*() {
      const stored = yield* hash("correct horse battery")
      expect(yield* verify("correct horse battery", stored)).toBe(true)
      expect(yield* verify("correct horse batterY", stored)).toBe(false)
      expect(yield* verify("", stored)).toBe(false)
    }).pipe(Effect.provide(ScryptLow)))

  it.effect("the stored string is scrypt$N$r$p$salt$hash and never contains the password", () =>
    Effect.gen(function*() {
      const stored = yield* hash("correct horse battery")
      const parts = stored.split("$")
      expect(parts).toHaveLength(6)
      expect(parts.slice(0, 4)).toEqual(["scrypt", "1024", "8", "1"])
      expect(Buffer.from(parts[4] ?? "", "base64url")).toHaveLength(16)
      expect(Buffer.from(parts[5] ?? "", "base64url")).toHaveLength(32)
      expect(parts[4]).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(parts[5]).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(stored).not.toContain("correct horse battery")
    }).pipe(Effect.provide(ScryptLow)))

  it.effect("two hashes of one password differ (random salt) and both verify", () =>
    Effect.gen(function*() {
      const first = yield* hash("same password")
      const second = yield* hash("same password")
      expect(first).not.toBe(second)
      expect(first.split("$")[4]).not.toBe(second.split("$")[4])
      expect(yield* verify("same password", first)).toBe(true)
      expect(yield* verify("same password", second)).toBe(true)
    }).pipe(Effect.provide(ScryptLow)))

  it.effect("a hash made with other parameters still verifies (they are read from the string)", () =>
    Effect.gen(function*() {
      const other = yield* hash("old password").pipe(
        Effect.provide(makePasswordHasherScrypt({ cost: 2048, blockSize: 4, parallelization: 2 }))
      )
      expect(other.split("$").slice(0, 4)).toEqual(["scrypt", "2048", "4", "2"])
      expect(yield* verify("old password", other)).toBe(true)
      expect(yield* verify("new password", other)).toBe(false)
    }).pipe(Effect.provide(ScryptLow)))

  it.effect("a tampered or malformed stored string is false, not a crash", () =>
    Effect.gen(function*() {
      const stored = yield* hash("password123")
      const parts = stored.split("$")
      const flipped = Buffer.from(parts[5] ?? "", "base64url")
      flipped[0] = (flipped[0] ?? 0) ^ 1
      const tampered = [...parts.slice(0, 5), flipped.toString("base64url")].join("$")
      expect(yield* verify("password123", tampered)).toBe(false)
      const truncated = [...parts.slice(0, 5), (parts[5] ?? "").slice(0, 20)].join("$")
      expect(yield* verify("password123", truncated)).toBe(false)
      for (const bad of ["", "fake$123", "bcrypt$1024$8$1$salt$hash", "scrypt$abc$8$1$salt$hash", "scrypt$1024$8$0$c2FsdA$aGFzaA"]) {
        expect(yield* verify("password123", bad)).toBe(false)
      }
    }).pipe(Effect.provide(ScryptLow)))

  it.effect("passwords are compared after NFKC normalization", () =>
    Effect.gen(function*() {
      const stored = yield* hash("caf\u00e9 password")
      expect(yield* verify("cafe\u0301 password", stored)).toBe(true)
    }).pipe(Effect.provide(ScryptLow)))
})

describe("TokenIssuerJwt", () => {
  it.effect("issue then verify round-trips the user id; the token is an HS256 JWT with sub, iat and exp", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("1000 seconds")
      const issued = yield* issue("user-1")
      expect(issued.expiresIn).toBe(900)
      expect(issued.token.split(".")).toHaveLength(3)
      expect(decodeProtectedHeader(issued.token)).toEqual({ alg: "HS256", typ: "JWT" })
      expect(decodeJwt(issued.token)).toEqual({ sub: "user-1", iat: 1000, exp: 1900 })
      expect(yield* verifyToken(issued.token)).toEqual(Option.some("user-1"))
    }).pipe(Effect.provide(JwtLive)))

  it.effect("an expired token is None (TestClock)", () =>
    Effect.gen(function*() {
      const { token } = yield* issue("user-1")
      yield* TestClock.adjust("14 minutes")
      expect(yield* verifyToken(token)).toEqual(Option.some("user-1"))
      yield* TestClock.adjust("61 seconds")
      expect(yield* verifyToken(token)).toEqual(Option.none())
    }).pipe(Effect.provide(JwtLive)))

  it.effect("a tampered signature or payload is None", () =>
    Effect.gen(function*() {
      const { token } = yield* issue("user-1")
      const [header, payload, signature] = token.split(".") as [string, string, string]
      const bytes = Buffer.from(signature, "base64url")
      bytes[3] = (bytes[3] ?? 0) ^ 0xff
      expect(yield* verifyToken(`${header}.${payload}.${bytes.toString("base64url")}`)).toEqual(Option.none())
      const otherPayload = base64url({ sub: "admin", iat: 0, exp: 900 })
      expect(yield* verifyToken(`${header}.${otherPayload}.${signature}`)).toEqual(Option.none())
      expect(yield* verifyToken(`${header}.${payload}.`)).toEqual(Option.none())
      expect(yield* verifyToken("not-a-jwt")).toEqual(Option.none())
      expect(yield* verifyToken("")).toEqual(Option.none())
    }).pipe(Effect.provide(JwtLive)))

  it.effect("alg: none tokens are None, whether built by jose or by stripping a real token", () =>
    Effect.gen(function*() {
      const unsecured = new UnsecuredJWT({}).setSubject("user-1").setIssuedAt(0).setExpirationTime(900).encode()
      expect(decodeProtectedHeader(unsecured)).toEqual({ alg: "none" })
      expect(yield* verifyToken(unsecured)).toEqual(Option.none())
      const { token } = yield* issue("user-1")
      const [, payload] = token.split(".")
      const stripped = `${base64url({ alg: "none", typ: "JWT" })}.${payload}.`
      expect(yield* verifyToken(stripped)).toEqual(Option.none())
    }).pipe(Effect.provide(JwtLive)))

  it.effect("a token signed with another secret, or with another HMAC algorithm, is None", () =>
    Effect.gen(function*() {
      const otherSecret = new TextEncoder().encode("another-secret-of-at-least-32-bytes!!")
      expect(yield* verifyToken(yield* foreign({ sub: "user-1", exp: 900 }, { signingKey: otherSecret }))).toEqual(
        Option.none()
      )
      expect(yield* verifyToken(yield* foreign({ sub: "user-1", exp: 900 }, { alg: "HS512" }))).toEqual(Option.none())
      // The control: the same construction with our secret and HS256 is accepted.
      expect(yield* verifyToken(yield* foreign({ sub: "user-1", exp: 900 }))).toEqual(Option.some("user-1"))
    }).pipe(Effect.provide(JwtLive)))

  it.effect("a token without exp, or without sub, is None", () =>
    Effect.gen(function*() {
      expect(yield* verifyToken(yield* foreign({ sub: "user-1" }))).toEqual(Option.none())
      expect(yield* verifyToken(yield* foreign({ exp: 900 }))).toEqual(Option.none())
      expect(yield* verifyToken(yield* foreign({ sub: "", exp: 900 }))).toEqual(Option.none())
    }).pipe(Effect.provide(JwtLive)))

  it.effect("a secret shorter than 32 bytes refuses to build; 32 bytes is enough", () =>
    Effect.gen(function*() {
      const short = yield* Effect.exit(
        Layer.build(makeTokenIssuerJwt({ secret: Redacted.make("x".repeat(31)), expireMinutes: 15 })).pipe(Effect.scoped)
      )
      expect(Exit.isFailure(short)).toBe(true)
      if (Exit.isFailure(short)) {
        expect(Cause.isDie(short.cause)).toBe(true)
        expect(Cause.pretty(short.cause)).toContain("SECRET_KEY must be at least 32 bytes")
        expect(Cause.pretty(short.cause)).not.toContain("x".repeat(31))
      }
      const exact = yield* Effect.exit(
        Layer.build(makeTokenIssuerJwt({ secret: Redacted.make("x".repeat(32)), expireMinutes: 15 })).pipe(Effect.scoped)
      )
      expect(Exit.isSuccess(exact)).toBe(true)
    }))
})

describe("ApiKeysNode", () => {
  const generate = Effect.flatMap(ApiKeys, (keys) => keys.generate)
  const digest = (key: string) => Effect.flatMap(ApiKeys, (keys) => keys.digest(Redacted.make(key)))
  const matches = (key: string, stored: string) =>
    Effect.flatMap(ApiKeys, (keys) => keys.matches(Redacted.make(key), stored))

  it.effect("keys are hn_ + 32 random bytes in base64url; two keys differ", () =>
    Effect.gen(function*() {
      const first = Redacted.value((yield* generate).key)
      const second = Redacted.value((yield* generate).key)
      expect(first).toMatch(/^hn_[A-Za-z0-9_-]{43,}$/)
      expect(Buffer.from(first.slice(3), "base64url")).toHaveLength(32)
      expect(second).toMatch(/^hn_[A-Za-z0-9_-]{43,}$/)
      expect(first).not.toBe(second)
    }).pipe(Effect.provide(ApiKeysNode)))

  it.effect("the digest is SHA-256 hex of the whole key, never contains the key, and is what generate stores", () =>
    Effect.gen(function*() {
      const issued = yield* generate
      const key = Redacted.value(issued.key)
      expect(issued.digest).toMatch(/^[0-9a-f]{64}$/)
      expect(issued.digest).not.toContain(key)
      expect(issued.digest).not.toContain(key.slice(3))
      expect(yield* digest(key)).toBe(issued.digest)
      expect(yield* digest(key)).toBe(createHash("sha256").update(key).digest("hex"))
      expect(yield* digest(`${key}x`)).not.toBe(issued.digest)
      // The key stays hidden when the generated value is printed or logged.
      expect(String(issued.key)).not.toContain(key)
      expect(JSON.stringify(issued)).not.toContain(key)
    }).pipe(Effect.provide(ApiKeysNode)))

  it.effect("matches: true for the key, false for another key or a malformed digest", () =>
    Effect.gen(function*() {
      const issued = yield* generate
      const other = yield* generate
      const key = Redacted.value(issued.key)
      expect(yield* matches(key, issued.digest)).toBe(true)
      expect(yield* matches(Redacted.value(other.key), issued.digest)).toBe(false)
      expect(yield* matches(key, other.digest)).toBe(false)
      expect(yield* matches(key.toUpperCase(), issued.digest)).toBe(false)
      for (const bad of ["", issued.digest.slice(0, 63), `${issued.digest}00`, issued.digest.toUpperCase(), key]) {
        expect(yield* matches(key, bad)).toBe(false)
      }
    }).pipe(Effect.provide(ApiKeysNode)))
})

describe("real credentials behind the HTTP API", () => {
  const server = makeTestServer({ passwordHasher: ScryptLow, tokenIssuer: JwtLive })

  it.effect("login returns a JWT that authenticates; forged JWTs get 401", () =>
    Effect.gen(function*() {
      const { id, token, user } = yield* signUp("alice")
      expect(decodeJwt(token)).toEqual({ sub: id, iat: 0, exp: 900 })
      expect((yield* get("/api/users/me", token)).body).toEqual(user)

      const invalid = errorBody("Could not validate credentials", "unauthenticated")
      const forged = [
        new UnsecuredJWT({}).setSubject(id).setExpirationTime(900).encode(),
        yield* foreign({ sub: id }),
        yield* foreign({ sub: id, exp: 900 }, { alg: "HS512" }),
        yield* foreign({ sub: id, exp: 900 }, { signingKey: new TextEncoder().encode("x".repeat(40)) }),
        `${token.slice(0, -4)}${token.endsWith("AAAA") ? "BBBB" : "AAAA"}`
      ]
      for (const bad of forged) {
        const reply = yield* get("/api/users/me", bad)
        expect(reply.status).toBe(401)
        expect(reply.headers["www-authenticate"]).toBe("Bearer")
        expect(reply.body).toEqual(invalid)
      }
      // A well-formed token for a user that does not exist is refused too.
      expect((yield* get("/api/users/me", yield* foreign({ sub: "no-such-user", exp: 900 }))).status).toBe(401)
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
