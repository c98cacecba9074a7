/**
 * Handler of the auth group: a username and password in, an access token out.
 * The token leaves its Redacted wrapper only here, in the answer's body.
 */
import { HttpApiBuilder } from "@effect/platform"
import { Accounts } from "@holonet/domain"
import { Effect, Redacted } from "effect"
import { HoloApi } from "../Api.js"
import { mapDomainErrors } from "../ErrorTable.js"

export const layer = HttpApiBuilder.group(HoloApi, "auth", (handlers) =>
  Effect.gen(function*() {
    const accounts = yield* Accounts
    return handlers.handle("login", ({ payload }) =>
      accounts.login(payload).pipe(
        Effect.map((issued) => ({
          access_token: Redacted.value(issued.token),
          token_type: "bearer" as const,
          expires_in: issued.expiresIn
        })),
        mapDomainErrors
      ))
  }))
