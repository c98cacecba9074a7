/**
 * Login costs the same for an unknown username as for a wrong password, so
 * that its response time does not tell which usernames exist: exactly one
 * password verification each (against a decoy hash made with the hasher's
 * own parameters when the user is unknown or has no password), and no
 * hashing at login time, not even on the first unknown login.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Redacted, Schema } from "effect"
import { Accounts } from "../src/Accounts.js"
import * as IdGeneratorUuidV7 from "../src/IdGeneratorUuidV7.js"
import { PasswordHasher } from "../src/PasswordHasher.js"
import * as RateLimiterMemory from "../src/RateLimiterMemory.js"
import { RateLimits, RateLimitSettings } from "../src/RateLimits.js"
import { ApiKeysFake, DomainMemory, PasswordHasherFake, TokenIssuerFake } from "../src/testing.js"
import { Credentials, NewUser } from "../src/User.js"
import { storeAgent } from "./UseCaseFixtures.js"

/** The fake hasher, counting its calls; `verified` records the stored hashes it was given. */
const counting = () => {
  const calls = { hash: 0, verify: 0, verified: [] as Array<string> }
  const layer = Layer.effect(
    PasswordHasher,
    Effect.map(PasswordHasher, (inner) =>
      PasswordHasher.of({
        hash: (password) => Effect.zipRight(Effect.sync(() => calls.hash++), inner.hash(password)),
        verify: (password, stored) =>
          Effect.zipRight(
            Effect.sync(() => {
              calls.verify++
              calls.verified.push(stored)
            }),
            inner.verify(password, stored)
          )
      }))
  ).pipe(Layer.provide(PasswordHasherFake.layer))
  return { calls, layer }
}

const login = (username: string, password: string) =>
  Effect.flatMap(
    Accounts,
    (accounts) => Effect.exit(accounts.login(Credentials.make({ username, password: Redacted.make(password) })))
  )

const hasher = counting()
const accountsLayer = Accounts.Default.pipe(
  Layer.provideMerge(
    RateLimits.Default.pipe(Layer.provide(Layer.merge(RateLimiterMemory.layer, RateLimitSettings.Off)))
  ),
  Layer.provideMerge(
    Layer.mergeAll(
      DomainMemory.layerRepositories,
      hasher.layer,
      TokenIssuerFake.layer,
      ApiKeysFake.layer,
      IdGeneratorUuidV7.layer
    )
  )
)

describe("Accounts.login timing", () => {
  it.effect("one verification for an unknown user, an agent, or a wrong password; no hashing at login", () =>
    Effect.gen(function*() {
      const { calls } = hasher
      // The decoy is hashed once, when the use case is built.
      expect([calls.hash, calls.verify]).toEqual([1, 0])
      const cost = <A, E, R>(attempt: Effect.Effect<Exit.Exit<A, E>, never, R>) =>
        Effect.gen(function*() {
          const before = { hash: calls.hash, verify: calls.verify }
          const exit = yield* attempt
          return { failed: Exit.isFailure(exit), hash: calls.hash - before.hash, verify: calls.verify - before.verify }
        })
      // First of all, before anything has warmed up.
      expect(yield* cost(login("nobody", "whatever"))).toEqual({ failed: true, hash: 0, verify: 1 })
      const decoy = calls.verified[0]

      yield* (yield* Accounts).register(
        yield* Schema.decodeUnknown(NewUser)({ username: "alice", password: "correct horse" })
      )
      yield* storeAgent("scout")
      const wrong = yield* cost(login("alice", "wrong horse"))
      const unknown = yield* cost(login("nobody-else", "whatever"))
      const agent = yield* cost(login("scout", "whatever"))
      expect([wrong, unknown, agent]).toEqual([
        { failed: true, hash: 0, verify: 1 },
        { failed: true, hash: 0, verify: 1 },
        { failed: true, hash: 0, verify: 1 }
      ])
      expect(yield* cost(login("alice", "correct horse"))).toEqual({ failed: false, hash: 0, verify: 1 })
      // The unknown user and the agent were checked against the same decoy, not an empty string.
      expect(calls.verified.filter((stored) => stored === decoy)).toHaveLength(3)
      expect(decoy).toMatch(/^fake\$/)
    }).pipe(Effect.provide(accountsLayer)))
})
