/** Handlers of the users group: HTTP in, Accounts use case, HTTP out. */
import { HttpApiBuilder } from "@effect/platform"
import { Accounts } from "@holonet/domain"
import { Effect } from "effect"
import { HoloApi } from "../Api.js"
import { mapDomainErrors } from "../ErrorTable.js"
import { jsonListOf, jsonOf, userJson } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

const userOk = jsonOf(userJson)

export const layer = HttpApiBuilder.group(HoloApi, "users", (handlers) =>
  Effect.gen(function*() {
    const accounts = yield* Accounts
    return handlers
      .handle("register", ({ payload }) =>
        accounts.register(payload).pipe(Effect.map(jsonOf(userJson, 201)), mapDomainErrors))
      .handle("me", () =>
        Effect.map(accounts.me, userOk))
      .handle("updateMe", ({ payload }) => Effect.map(accounts.updateMe(payload), userOk))
      .handle("list", ({ urlParams }) => accounts.list(pageOf(urlParams)).pipe(Effect.map(jsonListOf(userJson))))
      .handle("profile", ({ path }) => accounts.profile(path.username).pipe(Effect.map(userOk), mapDomainErrors))
  }))
