/**
 * Port for agent API keys: making new random keys and the digests that are
 * stored instead of them. Keys are `hn_` + at least 32 random bytes.
 */
import * as Context from "effect/Context"
import type { Effect, Redacted } from "effect"

export interface GeneratedKey {
  readonly key: Redacted.Redacted<string>
  readonly digest: string
}

export class ApiKeys extends Context.Tag("@holonet/domain/ApiKeys")<ApiKeys, {
  readonly generate: Effect.Effect<GeneratedKey>
  /** The digest under which a presented key would be stored. */
  readonly digest: (key: Redacted.Redacted<string>) => Effect.Effect<string>
  /** Constant-time check of a presented key against a stored digest. */
  readonly matches: (key: Redacted.Redacted<string>, digest: string) => Effect.Effect<boolean>
}>() {}
