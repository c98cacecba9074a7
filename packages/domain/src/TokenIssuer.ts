/** Port for access tokens: issue one for a user, and read the user back from one. */
import * as Context from "effect/Context"
import type { Effect, Option, Redacted } from "effect"
import type { UserId } from "./Ids.js"
import type { AccessToken } from "./User.js"

export class TokenIssuer extends Context.Tag("@holonet/domain/TokenIssuer")<TokenIssuer, {
  readonly issue: (userId: UserId) => Effect.Effect<AccessToken>
  /** None for anything that is not a valid, unexpired token of ours. */
  readonly verify: (token: Redacted.Redacted<string>) => Effect.Effect<Option.Option<UserId>>
}>() {}
