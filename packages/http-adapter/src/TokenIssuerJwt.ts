/**
 * TokenIssuer as HS256 JWTs (jose). The algorithm is pinned, `exp` is
 * required, and the secret must be at least 32 bytes.
 */
import { TokenIssuer, UserId } from "@holonet/domain"
import { Clock, Effect, Layer, Option, Redacted, Schema } from "effect"
import { jwtVerify, SignJWT } from "jose"
import { createSecretKey } from "node:crypto"

export interface JwtOptions {
  readonly secret: Redacted.Redacted<string>
  readonly expireMinutes: number
}

export const minimumSecretBytes = 32

const decodeUserId = Schema.decodeUnknownOption(UserId)

export const makeTokenIssuerJwt = (options: JwtOptions) =>
  Layer.effect(
    TokenIssuer,
    Effect.gen(function*() {
      const secret = Buffer.from(Redacted.value(options.secret), "utf8")
      if (secret.length < minimumSecretBytes) {
        return yield* Effect.dieMessage(`SECRET_KEY must be at least ${minimumSecretBytes} bytes`)
      }
      // A key object made once: given raw bytes, jose would import the key
      // again on every sign and verify.
      const key = createSecretKey(secret)
      const ttlSeconds = Math.round(options.expireMinutes * 60)
      return TokenIssuer.of({
        issue: (userId) =>
          Effect.gen(function*() {
            const now = Math.floor((yield* Clock.currentTimeMillis) / 1000)
            const token = yield* Effect.promise(() =>
              new SignJWT({})
                .setProtectedHeader({ alg: "HS256", typ: "JWT" })
                .setSubject(userId)
                .setIssuedAt(now)
                .setExpirationTime(now + ttlSeconds)
                .sign(key)
            )
            return { token, expiresIn: ttlSeconds }
          }),
        verify: (token) =>
          Effect.gen(function*() {
            const currentDate = new Date(yield* Clock.currentTimeMillis)
            const verified = yield* Effect.tryPromise(() =>
              jwtVerify(Redacted.value(token), key, { algorithms: ["HS256"], requiredClaims: ["exp", "sub"], currentDate })
            ).pipe(Effect.option)
            return Option.flatMap(verified, (result) => decodeUserId(result.payload.sub))
          })
      })
    })
  )
