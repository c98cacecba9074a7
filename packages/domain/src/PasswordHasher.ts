/** Port for slow password hashing; the stored string records its own parameters. */
import * as Context from "effect/Context"
import type { Effect, Redacted } from "effect"

export class PasswordHasher extends Context.Tag("@holonet/domain/PasswordHasher")<PasswordHasher, {
  readonly hash: (password: Redacted.Redacted<string>) => Effect.Effect<string>
  readonly verify: (password: Redacted.Redacted<string>, stored: string) => Effect.Effect<boolean>
}>() {}
