/**
 * TokenIssuer as HS256 JWTs, on node:crypto. The algorithm is pinned (the
 * header must say HS256; `none` and every other algorithm are refused), `exp`
 * and `sub` are required, and the secret must be at least 32 bytes.
 *
 * Verification runs on every authenticated request, so it is a synchronous
 * HMAC over the signing input with a constant-time comparison; jose's
 * WebCrypto path costs a thread-pool round trip per token.
 */
import { TokenIssuer, UserId } from "@holonet/domain"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { Context } from "effect"
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto"

export interface JwtOptions {
  readonly secret: Redacted.Redacted<string>
  readonly expireMinutes: number
}

/** The shortest SECRET_KEY accepted, in UTF-8 bytes: HS256 wants a key at least as long as its hash. */
export const minimumSecretBytes = 32

const Header = Schema.parseJson(Schema.Struct({ alg: Schema.Literal("HS256") }))
const Claims = Schema.parseJson(Schema.Struct({ sub: UserId, exp: Schema.Number }))
const decodeHeader = Schema.decodeUnknownOption(Header)
const decodeClaims = Schema.decodeUnknownOption(Claims)

const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url")
const fromBase64url = (part: string) => Buffer.from(part, "base64url").toString("utf8")

/** The header every token we issue carries, already encoded. */
const encodedHeader = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))

const sign = (key: KeyObject, signingInput: string) => createHmac("sha256", key).update(signingInput).digest()

/** The user a token names, if its signature, algorithm and expiry hold at `nowSeconds`. */
export const verifyHs256 = (key: KeyObject, token: string, nowSeconds: number): Option.Option<UserId> => {
  const parts = token.split(".")
  if (parts.length !== 3) return Option.none()
  const [header = "", payload = "", signature = ""] = parts
  const expected = sign(key, `${header}.${payload}`)
  const presented = Buffer.from(signature, "base64url")
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return Option.none()
  if (Option.isNone(decodeHeader(fromBase64url(header)))) return Option.none()
  return Option.flatMap(
    decodeClaims(fromBase64url(payload)),
    (claims) => claims.exp > nowSeconds ? Option.some(claims.sub) : Option.none()
  )
}

/** The TokenIssuer for `options`; dies when the secret is shorter than `minimumSecretBytes`. */
export const make = (options: JwtOptions): Effect.Effect<Context.Tag.Service<TokenIssuer>> =>
  Effect.gen(function*() {
    const secret = Buffer.from(Redacted.value(options.secret), "utf8")
    if (secret.length < minimumSecretBytes) {
      return yield* Effect.dieMessage(`SECRET_KEY must be at least ${minimumSecretBytes} bytes`)
    }
    const key = createSecretKey(secret)
    const ttlSeconds = Math.round(options.expireMinutes * 60)
    return TokenIssuer.of({
      issue: (userId) =>
        Effect.map(Clock.currentTimeMillis, (millis) => {
          const now = Math.floor(millis / 1000)
          const payload = base64url(JSON.stringify({ sub: userId, iat: now, exp: now + ttlSeconds }))
          const signingInput = `${encodedHeader}.${payload}`
          const token = `${signingInput}.${sign(key, signingInput).toString("base64url")}`
          return { token: Redacted.make(token), expiresIn: ttlSeconds }
        }),
      verify: (token) =>
        Effect.map(
          Clock.currentTimeMillis,
          (millis) => verifyHs256(key, Redacted.value(token), Math.floor(millis / 1000))
        )
    })
  })

export const layer = (options: JwtOptions): Layer.Layer<TokenIssuer> => Layer.effect(TokenIssuer, make(options))
