/**
 * IdempotencyCrypto for tests: readable hashes and "sealed" answers that only
 * open under the key and scope they were sealed with. No secrecy at all; the
 * real one is `IdempotencyCryptoNode` in @holonet/crypto-adapter.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { IdempotencyCrypto } from "../Idempotency.js"

const owner = (scope: string, key: Redacted.Redacted<string>) => JSON.stringify([scope, Redacted.value(key)])

export const make = IdempotencyCrypto.of({
  hashKey: (scope, key) => Effect.succeed(`fake-key:${owner(scope, key)}`),
  fingerprint: (request) => Effect.succeed(`fake-fp:${Array.from(request, (byte) => byte.toString(16)).join(",")}`),
  seal: (scope, key, answer) => Effect.succeed(JSON.stringify({ owner: owner(scope, key), answer })),
  open: (scope, key, sealed) =>
    Effect.sync(() => {
      const parsed: unknown = JSON.parse(sealed)
      if (
        typeof parsed === "object" && parsed !== null && "owner" in parsed && "answer" in parsed &&
        parsed.owner === owner(scope, key) && typeof parsed.answer === "string"
      ) return Option.some(parsed.answer)
      return Option.none()
    })
})

export const layer: Layer.Layer<IdempotencyCrypto> = Layer.succeed(IdempotencyCrypto, make)
