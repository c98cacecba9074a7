/**
 * TokenIssuerJwt: issued tokens are HS256 JWTs that jose reads back and that
 * stay redacted when printed; expired, tampered, `alg: none`, foreign-key,
 * other-algorithm and claim-less tokens are None; a short secret refuses to
 * build. Foreign tokens are built with jose, an independent implementation.
 */
import { TokenIssuer, UserId } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Logger, Option, Redacted, TestClock } from "effect"
import { TokenIssuerJwt } from "../src/index.js"
import {
  decodeJwt,
  decodeProtectedHeader,
  foreignJwt,
  TokenIssuerJwtTest,
  unsecuredJwt
} from "@holonet/crypto-adapter/testing"

const issue = (userId: string) => Effect.flatMap(TokenIssuer, (t) => t.issue(UserId.make(userId)))
/** The issued token in clear, as the login route writes it out. */
const issueToken = (userId: string) => Effect.map(issue(userId), (issued) => Redacted.value(issued.token))
const verifyToken = (token: string) => Effect.flatMap(TokenIssuer, (t) => t.verify(Redacted.make(token)))

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")

const buildWithSecret = (secret: string) =>
  Effect.exit(
    Layer.build(TokenIssuerJwt.layer({ secret: Redacted.make(secret), expireMinutes: 15 })).pipe(Effect.scoped)
  )

describe("TokenIssuerJwt", () => {
  it.effect("issue then verify round-trips the user id; the token is an HS256 JWT with sub, iat and exp", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("1000 seconds")
      const issued = yield* issue("user-1")
      const token = Redacted.value(issued.token)
      expect(issued.expiresIn).toBe(900)
      expect(token.split(".")).toHaveLength(3)
      expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" })
      expect(decodeJwt(token)).toEqual({ sub: "user-1", iat: 1000, exp: 1900 })
      expect(yield* verifyToken(token)).toEqual(Option.some("user-1"))
    }).pipe(Effect.provide(TokenIssuerJwtTest)))

  it.effect("an issued token stays redacted when the AccessToken is printed or logged", () =>
    Effect.gen(function*() {
      const issued = yield* issue("user-1")
      const token = Redacted.value(issued.token)
      expect(token.length).toBeGreaterThan(0)
      expect(String(issued.token)).toBe("<redacted>")
      expect(JSON.stringify(issued)).toBe(JSON.stringify({ token: "<redacted>", expiresIn: 900 }))
      const logged: Array<string> = []
      for (const format of [Logger.logfmtLogger, Logger.jsonLogger]) {
        const capture = Logger.map(format, (line) => logged.push(line))
        yield* Effect.logInfo("issued", issued).pipe(Effect.provide(Logger.replace(Logger.defaultLogger, capture)))
      }
      expect(logged).toHaveLength(2)
      for (const printed of [String(issued.token), JSON.stringify(issued), ...logged]) {
        expect(printed).toContain("<redacted>")
        expect(printed).not.toContain(token)
        expect(printed).not.toContain(token.split(".")[2])
      }
    }).pipe(Effect.provide(TokenIssuerJwtTest)))

  it.effect("an expired token is None (TestClock)", () =>
    Effect.gen(function*() {
      const token = yield* issueToken("user-1")
      yield* TestClock.adjust("14 minutes")
      expect(yield* verifyToken(token)).toEqual(Option.some("user-1"))
      yield* TestClock.adjust("61 seconds")
      expect(yield* verifyToken(token)).toEqual(Option.none())
    }).pipe(Effect.provide(TokenIssuerJwtTest)))

  it.effect("a tampered signature or payload is None", () =>
    Effect.gen(function*() {
      const token = yield* issueToken("user-1")
      const [header, payload, signature] = token.split(".") as [string, string, string]
      const bytes = Buffer.from(signature, "base64url")
      bytes[3] = (bytes[3] ?? 0) ^ 0xff
      expect(yield* verifyToken(`${header}.${payload}.${bytes.toString("base64url")}`)).toEqual(Option.none())
      const otherPayload = base64url({ sub: "admin", iat: 0, exp: 900 })
      expect(yield* verifyToken(`${header}.${otherPayload}.${signature}`)).toEqual(Option.none())
      expect(yield* verifyToken(`${header}.${payload}.`)).toEqual(Option.none())
      expect(yield* verifyToken("not-a-jwt")).toEqual(Option.none())
      expect(yield* verifyToken("")).toEqual(Option.none())
    }).pipe(Effect.provide(TokenIssuerJwtTest)))

  it.effect("alg: none tokens are None, whether built by jose or by stripping a real token", () =>
    Effect.gen(function*() {
      const unsecured = unsecuredJwt({ sub: "user-1", iat: 0, exp: 900 })
      expect(decodeProtectedHeader(unsecured)).toEqual({ alg: "none" })
      expect(yield* verifyToken(unsecured)).toEqual(Option.none())
      const token = yield* issueToken("user-1")
      const [, payload] = token.split(".")
      const stripped = `${base64url({ alg: "none", typ: "JWT" })}.${payload}.`
      expect(yield* verifyToken(stripped)).toEqual(Option.none())
    }).pipe(Effect.provide(TokenIssuerJwtTest)))

  it.effect("a token signed with another secret, or with another HMAC algorithm, is None", () =>
    Effect.gen(function*() {
      const otherSecret = new TextEncoder().encode("another-secret-of-at-least-32-bytes!!")
      expect(yield* verifyToken(yield* foreignJwt({ sub: "user-1", exp: 900 }, { signingKey: otherSecret }))).toEqual(
        Option.none()
      )
      expect(yield* verifyToken(yield* foreignJwt({ sub: "user-1", exp: 900 }, { alg: "HS512" }))).toEqual(
        Option.none()
      )
      // The control: the same construction with our secret and HS256 is accepted.
      expect(yield* verifyToken(yield* foreignJwt({ sub: "user-1", exp: 900 }))).toEqual(Option.some("user-1"))
    }).pipe(Effect.provide(TokenIssuerJwtTest)))

  it.effect("a token without exp, or without sub, is None", () =>
    Effect.gen(function*() {
      expect(yield* verifyToken(yield* foreignJwt({ sub: "user-1" }))).toEqual(Option.none())
      expect(yield* verifyToken(yield* foreignJwt({ exp: 900 }))).toEqual(Option.none())
      expect(yield* verifyToken(yield* foreignJwt({ sub: "", exp: 900 }))).toEqual(Option.none())
    }).pipe(Effect.provide(TokenIssuerJwtTest)))

  it.effect("a secret shorter than minimumSecretBytes (32) refuses to build; 32 bytes is enough", () =>
    Effect.gen(function*() {
      expect(TokenIssuerJwt.minimumSecretBytes).toBe(32)
      const short = yield* buildWithSecret("x".repeat(31))
      expect(Exit.isFailure(short)).toBe(true)
      if (Exit.isFailure(short)) {
        expect(Cause.isDie(short.cause)).toBe(true)
        expect(Cause.pretty(short.cause)).toContain("SECRET_KEY must be at least 32 bytes")
        expect(Cause.pretty(short.cause)).not.toContain("x".repeat(31))
      }
      const exact = yield* buildWithSecret("x".repeat(32))
      expect(Exit.isSuccess(exact)).toBe(true)
    }))
})
