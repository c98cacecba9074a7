/**
 * The JWT signing key. In production SECRET_KEY must be set and long enough.
 * Elsewhere a missing key is generated once into the data directory (mode
 * 0600) so that tokens survive restarts, with a warning.
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import { TokenIssuerJwt } from "@holonet/crypto-adapter"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { randomBytes } from "node:crypto"

const { minimumSecretBytes } = TokenIssuerJwt

export interface SecretKeyOptions {
  readonly configured: Option.Option<Redacted.Redacted<string>>
  readonly production: boolean
  readonly dataDir: string
}

const invalid = (message: string) => ConfigError.InvalidData(["SECRET_KEY"], message)

const byteLength = (key: Redacted.Redacted<string>) => Buffer.byteLength(Redacted.value(key), "utf8")

export const resolveSecretKey = Effect.fn("resolveSecretKey")(function*(options: SecretKeyOptions) {
  if (Option.isSome(options.configured)) {
    if (byteLength(options.configured.value) < minimumSecretBytes) {
      return yield* Effect.fail(invalid(`must be at least ${minimumSecretBytes} bytes long`))
    }
    return options.configured.value
  }
  if (options.production) {
    return yield* Effect.fail(
      ConfigError.MissingData(
        ["SECRET_KEY"],
        `SECRET_KEY is required when NODE_ENV=production (at least ${minimumSecretBytes} bytes)`
      )
    )
  }
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const file = path.join(options.dataDir, "secret_key")
  const existing = yield* fs.readFileString(file).pipe(Effect.option)
  if (Option.isSome(existing) && Buffer.byteLength(existing.value.trim()) >= minimumSecretBytes) {
    return Redacted.make(existing.value.trim())
  }
  const generated = randomBytes(48).toString("base64url")
  yield* fs.makeDirectory(options.dataDir, { recursive: true }).pipe(Effect.orDie)
  yield* fs.writeFileString(file, generated, { mode: 0o600 }).pipe(Effect.orDie)
  yield* fs.chmod(file, 0o600).pipe(Effect.orDie)
  yield* Effect.logWarning(
    `SECRET_KEY is not set: generated a random key in ${file}. Set SECRET_KEY in production.`
  )
  return Redacted.make(generated)
})
