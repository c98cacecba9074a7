// Stored secrets are sealed: they open again under the same SECRET_KEY only,
// never appear in the sealed form, and any change to the sealed form is caught.
import { describe, expect, it } from "@effect/vitest"
import { SecretSealerNode } from "@holonet/crypto-adapter"
import { Effect, Option, Redacted } from "effect"

const sealer = SecretSealerNode.make({ secret: Redacted.make("a-secret-key-of-adequate-length-0123456789") })
const other = SecretSealerNode.make({ secret: Redacted.make("another-secret-key-of-adequate-length-98765") })
const secret = Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")

describe("SecretSealerNode", () => {
  it.effect("seals to a form without the secret that opens to the same secret; each sealing differs", () =>
    Effect.gen(function*() {
      const sealed = yield* sealer.seal(secret)
      const again = yield* sealer.seal(secret)
      expect(Redacted.value(sealed)).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
      expect(Redacted.value(sealed)).not.toContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
      expect(Redacted.value(sealed)).not.toBe(Redacted.value(again))
      const opened = yield* sealer.open(sealed)
      expect(Option.map(opened, Redacted.value)).toEqual(Option.some(Redacted.value(secret)))
    }))

  it.effect("another SECRET_KEY, an altered form or garbage does not open", () =>
    Effect.gen(function*() {
      const sealed = Redacted.value(yield* sealer.seal(secret))
      expect(Option.isNone(yield* other.open(Redacted.make(sealed)))).toBe(true)
      const [version, nonce, body] = sealed.split(".")
      const flipped = `${body?.[0] === "A" ? "B" : "A"}${body?.slice(1) ?? ""}`
      expect(Option.isNone(yield* sealer.open(Redacted.make(`${version}.${nonce}.${flipped}`)))).toBe(true)
      for (const garbage of ["", "v1", "v1..", "v2.abc.def", "whsec_plain", "v1.AAAA.AA"]) {
        expect(Option.isNone(yield* sealer.open(Redacted.make(garbage)))).toBe(true)
      }
    }))
})
