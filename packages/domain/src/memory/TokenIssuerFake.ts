/**
 * Opaque random tokens kept in memory, for tests and demos. Tokens expire
 * after `ttlSeconds` of the Effect Clock, so TestClock can age them.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import type { UserId } from "../Ids.js"
import { TokenIssuer } from "../TokenIssuer.js"

export const make = (ttlSeconds: number): Effect.Effect<Context.Tag.Service<TokenIssuer>> =>
  Effect.sync(() => {
    const issued = new Map<string, { userId: UserId; expiresAt: number }>()
    return TokenIssuer.of({
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
    })
  })

/** Tokens that live `ttlSeconds`. */
export const layerTtl = (ttlSeconds: number): Layer.Layer<TokenIssuer> => Layer.effect(TokenIssuer, make(ttlSeconds))

/** Tokens that live an hour. */
export const layer: Layer.Layer<TokenIssuer> = layerTtl(3600)
