/**
 * A fast stand-in for tests and demos only: it is NOT a secure hash. Real
 * deployments use the scrypt adapter; the domain cannot reach node:crypto.
 */
import { Effect, Hash, Layer, Redacted } from "effect"
import { PasswordHasher } from "../PasswordHasher.js"

const digest = (password: Redacted.Redacted<string>) => `fake$${Hash.string(`holonet:${Redacted.value(password)}`)}`

export const layer: Layer.Layer<PasswordHasher> = Layer.succeed(PasswordHasher, {
  hash: (password) => Effect.sync(() => digest(password)),
  verify: (password, stored) => Effect.sync(() => digest(password) === stored)
})
