/**
 * SecretSealer on node:crypto: AES-256-GCM under a key derived from
 * SECRET_KEY with HKDF-SHA256, a random 96-bit nonce per secret, stored as
 * `v1.<nonce>.<ciphertext and tag>` in base64url. A secret sealed under
 * another SECRET_KEY, or altered, does not open.
 */
import { SecretSealer } from "@holonet/domain"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto"

export interface SecretSealerOptions {
  /** SECRET_KEY. */
  readonly secret: Redacted.Redacted<string>
}

const version = "v1"
const tagBytes = 16

export const make = (options: SecretSealerOptions): Context.Tag.Service<SecretSealer> => {
  const key = Buffer.from(
    hkdfSync("sha256", Buffer.from(Redacted.value(options.secret), "utf8"), "holonet-secrets-v1", "sealed-secret", 32)
  )

  const seal = (secret: Redacted.Redacted<string>) => {
    const nonce = randomBytes(12)
    const cipher = createCipheriv("aes-256-gcm", key, nonce)
    const body = Buffer.concat([cipher.update(Redacted.value(secret), "utf8"), cipher.final(), cipher.getAuthTag()])
    return Redacted.make(`${version}.${nonce.toString("base64url")}.${body.toString("base64url")}`)
  }

  const open = (sealed: Redacted.Redacted<string>): Option.Option<Redacted.Redacted<string>> => {
    const [tag, nonce, body] = Redacted.value(sealed).split(".")
    if (tag !== version || nonce === undefined || body === undefined) return Option.none()
    const bytes = Buffer.from(body, "base64url")
    if (bytes.length < tagBytes) return Option.none()
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"))
      decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes))
      const plain = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - tagBytes)), decipher.final()])
      return Option.some(Redacted.make(plain.toString("utf8")))
    } catch {
      // A wrong key or altered bytes fail GCM's check: the secret cannot be read.
      return Option.none()
    }
  }

  return SecretSealer.of({
    seal: (secret) => Effect.sync(() => seal(secret)),
    open: (sealed) => Effect.sync(() => open(sealed))
  })
}

export const layer = (options: SecretSealerOptions) => Layer.succeed(SecretSealer, make(options))
