/**
 * ApiKeys on node:crypto, for tests that need real keys: `hn_` + 32 random
 * bytes in base64url, stored as a SHA-256 hex digest, compared in constant
 * time. The production adapter lives with the HTTP adapter; this one stands
 * in for it so the SQL tests don't depend on another adapter.
 */
import { apiKeyPrefix, ApiKeys } from "@holonet/domain"
import { Effect, Layer, Redacted } from "effect"
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"

const sha256Hex = (key: string) => createHash("sha256").update(key, "utf8").digest("hex")

export const ApiKeysNodeCrypto: Layer.Layer<ApiKeys> = Layer.succeed(ApiKeys, {
  generate: Effect.sync(() => {
    const key = `${apiKeyPrefix}${randomBytes(32).toString("base64url")}`
    return { key: Redacted.make(key), digest: sha256Hex(key) }
  }),
  digest: (key) => Effect.sync(() => sha256Hex(Redacted.value(key))),
  matches: (key, digest) =>
    Effect.sync(() => {
      const presented = Buffer.from(sha256Hex(Redacted.value(key)), "hex")
      const stored = Buffer.from(digest, "hex")
      return presented.length === stored.length && timingSafeEqual(presented, stored)
    })
})
