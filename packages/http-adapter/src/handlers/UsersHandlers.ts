/** Handlers of the users group: HTTP in, Accounts use case, HTTP out. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Accounts } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { HoloApi } from "../Api.js"
import { clientAddress } from "../ClientAddress.js"
import { mapDomainErrors } from "../ErrorTable.js"
import { jsonListOf, jsonOf, userJson } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

const userOk = jsonOf(userJson)

export const layer = (options: { readonly trustProxy: boolean }) =>
  HttpApiBuilder.group(HoloApi, "users", (handlers) =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      return handlers
        .handle("register", ({ payload }) =>
          Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
            accounts.register(payload, { clientAddress: clientAddress(request, options.trustProxy) })).pipe(
              Effect.map(jsonOf(userJson, 201)),
              mapDomainErrors
            ))
        .handle("me", () =>
          Effect.map(accounts.me, userOk))
        .handle("updateMe", ({ payload }) =>
          Effect.map(accounts.updateMe(payload), userOk))
        .handle("list", ({ urlParams }) => accounts.list(pageOf(urlParams)).pipe(Effect.map(jsonListOf(userJson))))
        .handle("profile", ({ path }) => accounts.profile(path.username).pipe(Effect.map(userOk), mapDomainErrors))
    }))
