/**
 * IdempotencyCryptoNode: answers open only under the caller, key and secret
 * they were sealed with, hold no plaintext, and differ each time; key hashes
 * and fingerprints are stable, keyed by the secret and apart per caller.
 */
import { IdempotencyCrypto } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { IdempotencyCryptoNode } from "../src/index.js"

const secret = Redacted.make("an-adequately-long-test-secret-key-0123456789")
const other = Redacted.make("another-adequately-long-secret-key-9876543210")
const key = Redacted.make("retry-7f3a")
const answer = JSON.stringify({ status: 201, body: "hn_supersecretapikey" })
const withSecret = (value: Redacted.Redacted<string>) => Effect.provide(IdempotencyCryptoNode.layer({ secret: value }))

describe("IdempotencyCryptoNode", () => {
  it.effect("a sealed answer opens under its caller and key, and under nothing else", () =>
    Effect.gen(function*() {
      const crypto = yield* IdempotencyCrypto
      const sealed = yield* crypto.seal("user-1", key, answer)
      expect(sealed.includes("hn_supersecretapikey")).toBe(false)
      expect(Buffer.from(sealed, "utf8").includes(Buffer.from("supersecret"))).toBe(false)
      expect(yield* crypto.open("user-1", key, sealed)).toEqual(Option.some(answer))
      expect(yield* crypto.open("user-2", key, sealed)).toEqual(Option.none())
      expect(yield* crypto.open("user-1", Redacted.make("retry-7f3b"), sealed)).toEqual(Option.none())
      const elsewhere = yield* withSecret(other)(
        Effect.flatMap(IdempotencyCrypto, (c) => c.open("user-1", key, sealed))
      )
      expect(elsewhere).toEqual(Option.none())
      // Altered bytes fail the GCM tag.
      const parts = sealed.split(".")
      const body = Buffer.from(parts[3] ?? "", "base64")
      body[0] = (body[0] ?? 0) ^ 1
      const altered = [parts[0], parts[1], parts[2], body.toString("base64")].join(".")
      expect(yield* crypto.open("user-1", key, altered)).toEqual(Option.none())
      // A fresh nonce each time.
      expect(yield* crypto.seal("user-1", key, answer)).not.toBe(sealed)
    }).pipe(withSecret(secret)))

  it.effect("key hashes and fingerprints are stable, keyed by the secret, and apart per caller", () =>
    Effect.gen(function*() {
      const crypto = yield* IdempotencyCrypto
      const hash = yield* crypto.hashKey("user-1", key)
      expect(hash).toMatch(/^[0-9a-f]{64}$/)
      expect(hash.includes("retry")).toBe(false)
      expect(yield* crypto.hashKey("user-1", key)).toBe(hash)
      expect(yield* crypto.hashKey("user-2", key)).not.toBe(hash)
      const request = new TextEncoder().encode("POST /api/posts\n{}")
      const fingerprint = yield* crypto.fingerprint(request)
      expect(yield* crypto.fingerprint(request)).toBe(fingerprint)
      expect(yield* crypto.fingerprint(new TextEncoder().encode("POST /api/posts\n{ }"))).not.toBe(fingerprint)
      const elsewhere = yield* withSecret(other)(Effect.flatMap(IdempotencyCrypto, (c) => c.hashKey("user-1", key)))
      expect(elsewhere).not.toBe(hash)
    }).pipe(withSecret(secret)))
})
