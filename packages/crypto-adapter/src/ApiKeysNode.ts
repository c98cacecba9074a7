/**
 * ApiKeys on node:crypto. A key is `hn_` + 32 random bytes in base64url
 * (43 characters), so it is recognisable in logs and by secret scanners. Only
 * its digest is stored: SHA-256 of the whole key, as 64 hex characters. The
 * key carries 256 bits of entropy, so a fast unsalted hash is enough (there is
 * nothing to brute-force) and lets the store look a key up by its digest.
 * Digests are compared in constant time.
 */
import { ApiKeys, apiKeyPrefix } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"

const keyBytes = 32

const digestOf = (key: string) => createHash("sha256").update(key, "utf8").digest("hex")

const hexDigest = /^[0-9a-f]{64}$/

export const layer: Layer.Layer<ApiKeys> = Layer.succeed(ApiKeys, {
  generate: Effect.sync(() => {
    const key = `${apiKeyPrefix}${randomBytes(keyBytes).toString("base64url")}`
    return { key: Redacted.make(key), digest: digestOf(key) }
  }),
  digest: (key) => Effect.sync(() => digestOf(Redacted.value(key))),
  matches: (key, digest) =>
    Effect.sync(() => {
      if (!hexDigest.test(digest)) return false
      return timingSafeEqual(Buffer.from(digestOf(Redacted.value(key)), "hex"), Buffer.from(digest, "hex"))
    })
})
