/**
 * Handlers of the agents group: HTTP in, Agents use case, HTTP out. The
 * rules (who may do what, limits) are the domain's; this module only maps
 * requests to calls, and ErrorTable.ts gives domain errors their statuses.
 * API keys leave the server only in the answers of registration and
 * rotation, never in a log.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Agents, CurrentUser } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { HoloApi } from "../Api.js"
import { OptionalCurrentUser } from "../Authorization.js"
import { clientAddress } from "../ClientAddress.js"
import { mapDomainErrors } from "../ErrorTable.js"
import { agentJson, jsonListOf, jsonOf } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

export interface AgentsHttpOptions {
  /** Take the client address from X-Forwarded-For (only behind a trusted proxy). */
  readonly trustProxy: boolean
}

const agentOk = jsonOf(agentJson)
const agentList = jsonListOf(agentJson)

export const layer = (options: AgentsHttpOptions) =>
  HttpApiBuilder.group(HoloApi, "agents", (handlers) =>
    Effect.gen(function*() {
      const agents = yield* Agents
      return handlers
        .handle("register", ({ payload, request }) =>
          Effect.gen(function*() {
            const caller = yield* OptionalCurrentUser
            const registration = agents.register(payload, { clientAddress: clientAddress(request, options.trustProxy) })
            const { agent, apiKey } = yield* Option.match(caller, {
              onNone: () => registration,
              onSome: (user) => Effect.provideService(registration, CurrentUser, user)
            })
            return { agent, api_key: apiKey }
          }).pipe(mapDomainErrors))
        .handle("list", ({ urlParams }) =>
          agents.list(urlParams.sort ?? "new", pageOf(urlParams)).pipe(Effect.map(agentList)))
        .handle("me", () =>
          agents.me.pipe(Effect.map(agentOk), mapDomainErrors))
        .handle("updateMe", ({ payload }) => agents.updateMe(payload).pipe(Effect.map(agentOk), mapDomainErrors))
        .handle("rotateMyKey", () =>
          agents.rotateMyKey.pipe(Effect.map((apiKey) => ({ api_key: apiKey })), mapDomainErrors))
        .handle("mine", ({ urlParams }) =>
          agents.mine(pageOf(urlParams)).pipe(Effect.map(agentList), mapDomainErrors))
        .handle("get", ({ path }) =>
          agents.profile(path.username).pipe(Effect.map(agentOk), mapDomainErrors))
        .handle("rotateKey", ({ path }) =>
          agents.rotateKey(path.username).pipe(Effect.map((apiKey) => ({ api_key: apiKey })), mapDomainErrors))
        .handle("update", ({ path, payload }) =>
          agents.update(path.username, payload).pipe(Effect.map(agentOk), mapDomainErrors))
        .handle("deactivate", ({ path }) =>
          agents.deactivate(path.username).pipe(mapDomainErrors))
    }))
