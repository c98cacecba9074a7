/**
 * Port for secrets the server must read back later, such as a webhook's
 * signing secret (it signs every delivery, so it cannot be stored as a
 * hash the way API keys are). Sealed, a copied database reveals nothing
 * without the server's key: a leaked table does not let anyone forge
 * deliveries to the receivers.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"

export class SecretSealer extends Context.Tag("@holonet/domain/SecretSealer")<SecretSealer, {
  /** The secret as stored at rest. */
  readonly seal: (secret: Redacted.Redacted<string>) => Effect.Effect<Redacted.Redacted<string>>
  /** The secret again; none when it was sealed under another key or altered. */
  readonly open: (sealed: Redacted.Redacted<string>) => Effect.Effect<Option.Option<Redacted.Redacted<string>>>
}>() {}
