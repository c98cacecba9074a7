/**
 * IdempotencyCrypto on node:crypto. Every key comes from SECRET_KEY through
 * HKDF-SHA256: one for the keyed hash of Idempotency-Keys (HMAC-SHA256 over
 * caller and key), one for request fingerprints, and one per caller and
 * Idempotency-Key for the answers, sealed with AES-256-GCM under a random
 * 96-bit nonce. The database so holds nothing that reveals a key or an
 * answer without both SECRET_KEY and the Idempotency-Key.
 */
import { IdempotencyCrypto } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type { Context } from "effect"
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto"

export interface IdempotencyCryptoOptions {
  /** SECRET_KEY. */
  readonly secret: Redacted.Redacted<string>
}

const salt = "holonet-idempotency-v1"
const version = "v1"

const derive = (secret: Buffer, info: string | Buffer) => Buffer.from(hkdfSync("sha256", secret, salt, info, 32))

/** Caller and key as one unambiguous byte string (the scope never holds a NUL). */
const subject = (scope: string, key: Redacted.Redacted<string>) =>
  Buffer.from(`${scope}\u0000${Redacted.value(key)}`, "utf8")

export const make = (options: IdempotencyCryptoOptions): Context.Tag.Service<IdempotencyCrypto> => {
  const secret = Buffer.from(Redacted.value(options.secret), "utf8")
  const keyHashKey = derive(secret, "key-hash")
  const fingerprintKey = derive(secret, "fingerprint")
  const answerKey = (scope: string, key: Redacted.Redacted<string>) =>
    derive(secret, Buffer.concat([Buffer.from("answer\u0000", "utf8"), subject(scope, key)]))

  const sealSync = (scope: string, key: Redacted.Redacted<string>, answer: string) => {
    const nonce = randomBytes(12)
    const cipher = createCipheriv("aes-256-gcm", answerKey(scope, key), nonce)
    const body = Buffer.concat([cipher.update(answer, "utf8"), cipher.final()])
    return [version, nonce, cipher.getAuthTag(), body].map((part) =>
      typeof part === "string" ? part : part.toString("base64")
    ).join(".")
  }

  const openSync = (scope: string, key: Redacted.Redacted<string>, sealed: string): Option.Option<string> => {
    const [tag = "", nonce = "", authTag = "", body = "", ...rest] = sealed.split(".")
    if (tag !== version || rest.length > 0) return Option.none()
    try {
      const decipher = createDecipheriv("aes-256-gcm", answerKey(scope, key), Buffer.from(nonce, "base64"))
      decipher.setAuthTag(Buffer.from(authTag, "base64"))
      const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()])
      return Option.some(plain.toString("utf8"))
    } catch {
      // A wrong key or altered bytes fail the GCM tag check.
      return Option.none()
    }
  }

  return IdempotencyCrypto.of({
    hashKey: (scope, key) =>
      Effect.sync(() => createHmac("sha256", keyHashKey).update(subject(scope, key)).digest("hex")),
    fingerprint: (request) => Effect.sync(() => createHmac("sha256", fingerprintKey).update(request).digest("hex")),
    seal: (scope, key, answer) => Effect.sync(() => sealSync(scope, key, answer)),
    open: (scope, key, sealed) => Effect.sync(() => openSync(scope, key, sealed))
  })
}

export const layer = (options: IdempotencyCryptoOptions): Layer.Layer<IdempotencyCrypto> =>
  Layer.succeed(IdempotencyCrypto, make(options))
