/**
 * PasswordHasherScrypt: hashes verify the right password only, carry their
 * own parameters and a random salt, never contain the password, and a
 * tampered or malformed stored string is false rather than a crash.
 */
import { PasswordHasher } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { PasswordHasherScrypt } from "../src/index.js"
import { PasswordHasherScryptLow } from "@holonet/crypto-adapter/testing"

const hash = (password: string) => Effect.flatMap(PasswordHasher, (h) => h.hash(Redacted.make(password)))
const verify = (password: string, stored: string) =>
  Effect.flatMap(PasswordHasher, (h) => h.verify(Redacted.make(password), stored))

describe("PasswordHasherScrypt", () => {
  it.effect("hash then verify: the right password is true, a wrong one false", () =>
    Effect.gen(function*() {
      const stored = yield* hash("correct horse battery")
      expect(yield* verify("correct horse battery", stored)).toBe(true)
      expect(yield* verify("correct horse batterY", stored)).toBe(false)
      expect(yield* verify("", stored)).toBe(false)
    }).pipe(Effect.provide(PasswordHasherScryptLow)))

  it.effect("the stored string is scrypt$N$r$p$salt$hash and never contains the password", () =>
    Effect.gen(function*() {
      const stored = yield* hash("correct horse battery")
      const parts = stored.split("$")
      expect(parts).toHaveLength(6)
      expect(parts.slice(0, 4)).toEqual(["scrypt", "1024", "8", "1"])
      expect(Buffer.from(parts[4] ?? "", "base64url")).toHaveLength(16)
      expect(Buffer.from(parts[5] ?? "", "base64url")).toHaveLength(32)
      expect(parts[4]).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(parts[5]).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(stored).not.toContain("correct horse battery")
    }).pipe(Effect.provide(PasswordHasherScryptLow)))

  it.effect("two hashes of one password differ (random salt) and both verify", () =>
    Effect.gen(function*() {
      const first = yield* hash("same password")
      const second = yield* hash("same password")
      expect(first).not.toBe(second)
      expect(first.split("$")[4]).not.toBe(second.split("$")[4])
      expect(yield* verify("same password", first)).toBe(true)
      expect(yield* verify("same password", second)).toBe(true)
    }).pipe(Effect.provide(PasswordHasherScryptLow)))

  it.effect("a hash made with other parameters still verifies (they are read from the string)", () =>
    Effect.gen(function*() {
      const other = yield* hash("old password").pipe(
        Effect.provide(PasswordHasherScrypt.layer({ cost: 2048, blockSize: 4, parallelization: 2 }))
      )
      expect(other.split("$").slice(0, 4)).toEqual(["scrypt", "2048", "4", "2"])
      expect(yield* verify("old password", other)).toBe(true)
      expect(yield* verify("new password", other)).toBe(false)
    }).pipe(Effect.provide(PasswordHasherScryptLow)))

  it.effect("a tampered or malformed stored string is false, not a crash", () =>
    Effect.gen(function*() {
      const stored = yield* hash("password123")
      const parts = stored.split("$")
      const flipped = Buffer.from(parts[5] ?? "", "base64url")
      flipped[0] = (flipped[0] ?? 0) ^ 1
      const tampered = [...parts.slice(0, 5), flipped.toString("base64url")].join("$")
      expect(yield* verify("password123", tampered)).toBe(false)
      const truncated = [...parts.slice(0, 5), (parts[5] ?? "").slice(0, 20)].join("$")
      expect(yield* verify("password123", truncated)).toBe(false)
      for (
        const bad of [
          "",
          "fake$123",
          "bcrypt$1024$8$1$salt$hash",
          "scrypt$abc$8$1$salt$hash",
          "scrypt$1024$8$0$c2FsdA$aGFzaA"
        ]
      ) {
        expect(yield* verify("password123", bad)).toBe(false)
      }
    }).pipe(Effect.provide(PasswordHasherScryptLow)))

  it.effect("passwords are compared after NFKC normalization", () =>
    Effect.gen(function*() {
      const stored = yield* hash("caf\u00e9 password")
      expect(yield* verify("cafe\u0301 password", stored)).toBe(true)
    }).pipe(Effect.provide(PasswordHasherScryptLow)))
})
