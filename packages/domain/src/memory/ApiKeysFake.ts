/**
 * API keys for tests and demos: `hn_` keys from Effect's Random and a fast,
 * NOT cryptographic digest. Real deployments use the node:crypto adapter.
 */
import * as Effect from "effect/Effect"
import * as Hash from "effect/Hash"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import { apiKeyPrefix } from "../Agent.js"
import { ApiKeys } from "../ApiKeys.js"

const digestOf = (key: string) => `fake:${Hash.string(`a:${key}`).toString(16)}:${Hash.string(`b:${key}`).toString(16)}`

export const layer: Layer.Layer<ApiKeys> = Layer.succeed(ApiKeys, {
  generate: Effect.gen(function*() {
    const parts: Array<string> = []
    for (let i = 0; i < 6; i++) parts.push((yield* Random.nextIntBetween(0, 2 ** 30)).toString(36))
    const key = `${apiKeyPrefix}${parts.join("")}`
    return { key: Redacted.make(key), digest: digestOf(key) }
  }),
  digest: (key) => Effect.sync(() => digestOf(Redacted.value(key))),
  matches: (key, digest) => Effect.sync(() => digestOf(Redacted.value(key)) === digest)
})
