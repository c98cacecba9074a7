/**
 * Opaque random tokens kept in memory, for tests and demos. Tokens expire
 * after `ttlSeconds` of the Effect Clock, so TestClock can age them.
 */
import { Clock, Effect, Layer, Option, Random, Redacted } from "effect"
import type { UserId } from "../Ids.js"
import { TokenIssuer } from "../TokenIssuer.js"

export const makeTokenIssuerFake = (ttlSeconds = 3600): Layer.Layer<TokenIssuer> =>
  Layer.sync(TokenIssuer, () => {
    const issued = new Map<string, { userId: UserId; expiresAt: number }>()
    return {
      issue: (userId) =>
        Effect.gen(function*() {
          const token = `fake.${(yield* Random.nextInt).toString(36)}.${(yield* Random.nextInt).toString(36)}`
          issued.set(token, { userId, expiresAt: (yield* Clock.currentTimeMillis) + ttlSeconds * 1000 })
          return { token: Redacted.make(token), expiresIn: ttlSeconds }
        }),
      verify: (token) =>
        Effect.map(Clock.currentTimeMillis, (now) => {
          const entry = issued.get(Redacted.value(token))
          return entry !== undefined && entry.expiresAt > now ? Option.some(entry.userId) : Option.none()
        })
    }
  })

export const TokenIssuerFake: Layer.Layer<TokenIssuer> = makeTokenIssuerFake()
