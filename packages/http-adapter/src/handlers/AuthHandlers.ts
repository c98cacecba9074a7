/**
 * Handler of the auth group: a username and password in, an access token out.
 * The token leaves its Redacted wrapper only here, in the answer's body.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Accounts } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { HoloApi } from "../Api.js"
import { clientAddress } from "../ClientAddress.js"
import { mapDomainErrors } from "../ErrorTable.js"

export const layer = (options: { readonly trustProxy: boolean }) =>
  HttpApiBuilder.group(HoloApi, "auth", (handlers) =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      return handlers.handle("login", ({ payload }) =>
        Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
          accounts.login(payload, { clientAddress: clientAddress(request, options.trustProxy) })).pipe(
            Effect.map((issued) => ({
              access_token: Redacted.value(issued.token),
              token_type: "bearer" as const,
              expires_in: issued.expiresIn
            })),
            mapDomainErrors
          ))
    }))
