/**
 * ApiKeysNode: the shape of a key, its SHA-256 digest (the only thing
 * stored), and the constant-time match against a stored digest.
 */
import { ApiKeys } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { createHash } from "node:crypto"
import { ApiKeysNode } from "../src/index.js"

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
    }).pipe(Effect.provide(ApiKeysNode.layer)))

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
    }).pipe(Effect.provide(ApiKeysNode.layer)))

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
    }).pipe(Effect.provide(ApiKeysNode.layer)))
})
