/**
 * A fast stand-in for tests and demos only: it is NOT a secure hash. Real
 * deployments use the scrypt adapter; the domain cannot reach node:crypto.
 */
import * as Effect from "effect/Effect"
import * as Hash from "effect/Hash"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { PasswordHasher } from "../PasswordHasher.js"

const digest = (password: Redacted.Redacted<string>) => `fake$${Hash.string(`holonet:${Redacted.value(password)}`)}`

export const layer: Layer.Layer<PasswordHasher> = Layer.succeed(PasswordHasher, {
  hash: (password) => Effect.sync(() => digest(password)),
  verify: (password, stored) => Effect.sync(() => digest(password) === stored)
})
