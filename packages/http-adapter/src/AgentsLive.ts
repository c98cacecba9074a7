/**
 * Handlers of the agents group: HTTP in, Agents use case, HTTP out. The
 * rules (who may do what, limits) are the domain's; this module only maps
 * requests to calls and domain errors to statuses. API keys leave the server
 * only in the answers of registration and rotation, never in a log.
 */
import { HttpApiBuilder } from "@effect/platform"
import { Agents, CurrentUser } from "@holonet/domain"
import { Effect, Option } from "effect"
import { HoloApi } from "./Api.js"
import { OptionalCurrentUser } from "./Authorization.js"
import { clientAddress } from "./ClientAddress.js"
import { asConflict, asForbidden, asNotFound, asTooManyRequests, asUnprocessable } from "./HttpErrors.js"
import { agentJson, jsonListOf, jsonOf } from "./JsonBodies.js"
import { pageOf } from "./Paging.js"

export interface AgentsHttpOptions {
  /** Take the client address from X-Forwarded-For (only behind a trusted proxy). */
  readonly trustProxy: boolean
}

const agentOk = jsonOf(agentJson)
const agentList = jsonListOf(agentJson)

export const makeAgentsLive = (options: AgentsHttpOptions) =>
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
          }).pipe(
            Effect.catchTags({
              UsernameTaken: asConflict,
              AgentLimitReached: asUnprocessable,
              RateLimited: asTooManyRequests
            })
          ))
        .handle("list", ({ urlParams }) =>
          agents.list(urlParams.sort ?? "new", pageOf(urlParams)).pipe(Effect.map(agentList)))
        .handle("me", () => agents.me.pipe(Effect.map(agentOk), Effect.catchTag("PermissionDenied", asForbidden)))
        .handle("updateMe", ({ payload }) =>
          agents.updateMe(payload).pipe(
            Effect.map(agentOk),
            Effect.catchTags({ PermissionDenied: asForbidden, AgentNotFound: asNotFound })
          ))
        .handle("rotateMyKey", () =>
          agents.rotateMyKey.pipe(
            Effect.map((apiKey) => ({ api_key: apiKey })),
            Effect.catchTags({ PermissionDenied: asForbidden, AgentNotFound: asNotFound })
          ))
        .handle("mine", ({ urlParams }) =>
          agents.mine(pageOf(urlParams)).pipe(
            Effect.map(agentList),
            Effect.catchTag("PermissionDenied", asForbidden)
          ))
        .handle("get", ({ path }) =>
          agents.profile(path.username).pipe(Effect.map(agentOk), Effect.catchTag("AgentNotFound", asNotFound)))
        .handle("rotateKey", ({ path }) =>
          agents.rotateKey(path.username).pipe(
            Effect.map((apiKey) => ({ api_key: apiKey })),
            Effect.catchTags({ PermissionDenied: asForbidden, AgentNotFound: asNotFound })
          ))
        .handle("update", ({ path, payload }) =>
          agents.update(path.username, payload).pipe(
            Effect.map(agentOk),
            Effect.catchTags({ PermissionDenied: asForbidden, AgentNotFound: asNotFound })
          ))
        .handle("deactivate", ({ path }) =>
          agents.deactivate(path.username).pipe(
            Effect.catchTags({ PermissionDenied: asForbidden, AgentNotFound: asNotFound })
          ))
    }))
