/**
 * The credential adapters at test settings, and JWTs built with jose, an
 * independent implementation: foreign tokens ours must refuse, and a second
 * reading of the tokens we issue. Shared by this package's tests and by the
 * server's tests of real credentials behind the HTTP API.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { SignJWT, UnsecuredJWT } from "jose"
import { PasswordHasherScrypt, TokenIssuerJwt } from "@holonet/crypto-adapter"

export { decodeJwt, decodeProtectedHeader } from "jose"

/** scrypt at a cost low enough for tests (the stored string records it). */
export const PasswordHasherScryptLow = PasswordHasherScrypt.layer({ cost: 1024, blockSize: 8, parallelization: 1 })

export const testSecret = "0123456789abcdef0123456789abcdef-holonet-test"
/** HS256 tokens under `testSecret`, valid for 15 minutes. */
export const TokenIssuerJwtTest = TokenIssuerJwt.layer({ secret: Redacted.make(testSecret), expireMinutes: 15 })

/** A JWT signed by someone else, or in some other way than ours (default: HS256 with `testSecret`). */
export const foreignJwt = (
  claims: { sub?: string; exp?: number },
  options: { alg?: string; signingKey?: Uint8Array } = {}
) =>
  Effect.promise(() => {
    const jwt = new SignJWT({}).setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" }).setIssuedAt(0)
    if (claims.sub !== undefined) jwt.setSubject(claims.sub)
    if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp)
    return jwt.sign(options.signingKey ?? new TextEncoder().encode(testSecret))
  })

/** An `alg: none` JWT for `sub`, expiring at `exp`, optionally with an `iat`. */
export const unsecuredJwt = (claims: { sub: string; exp: number; iat?: number }) => {
  const jwt = new UnsecuredJWT({}).setSubject(claims.sub)
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat)
  return jwt.setExpirationTime(claims.exp).encode()
}
