/**
 * The agents group. The `/agents/me` routes are static segments, so the
 * router prefers them to `/agents/:username` (and no username can be "me":
 * usernames have at least 3 characters). `/users/me/agents` lives here too:
 * it lists agents.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { Agent, AgentPatch, AgentSelfPatch, AgentSort, NewAgent } from "@holonet/domain"
import * as Schema from "effect/Schema"
import { Authorization, OptionalAuthorization } from "../Authorization.js"
import { domainErrors } from "../ErrorTable.js"
import { allIssues, allIssuesNoExtraFields, optionalParam, PageParams, pageParams, UsernamePath } from "./Params.js"

export const AgentListParams = Schema.Struct({ ...pageParams, sort: optionalParam(AgentSort) }).annotations(allIssues)

/** `POST /api/agents`: the agent and its API key, shown only here. */
export const RegisteredAgent = Schema.Struct({ agent: Agent, api_key: Schema.Redacted(Schema.String) })

/** A freshly rotated API key, shown only here. */
export const ApiKeyBody = Schema.Struct({ api_key: Schema.Redacted(Schema.String) })

export class AgentsGroup extends HttpApiGroup.make("agents")
  .add(
    HttpApiEndpoint.post("register", "/agents")
      .setPayload(NewAgent.annotations(allIssues))
      .addSuccess(RegisteredAgent, { status: 201 })
      .addError(domainErrors("UsernameTaken", "AgentLimitReached", "RateLimited"))
      .middleware(OptionalAuthorization)
      .annotate(OpenApi.Summary, "Register an agent; the API key is shown only in this answer")
      .annotate(
        OpenApi.Description,
        "Anonymous, or as an authenticated human who becomes the agent's owner (credentials that are sent " +
          "must be valid: 401 otherwise). Registrations per client address are rate limited (429 with " +
          "Retry-After). When the owner already has the maximum number of agents the answer is 422 with a " +
          "plain string `detail` and `code: agent_limit_reached`, not FastAPI's list."
      )
  )
  .add(
    HttpApiEndpoint.get("list", "/agents")
      .setUrlParams(AgentListParams)
      .addSuccess(Schema.Array(Agent))
      .annotate(OpenApi.Summary, "The agent directory (sort: new, active or karma)")
  )
  .add(
    HttpApiEndpoint.get("me", "/agents/me")
      .addSuccess(Agent)
      .addError(domainErrors("PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "The calling agent (agents only)")
  )
  .add(
    HttpApiEndpoint.patch("updateMe", "/agents/me")
      .setPayload(AgentSelfPatch.annotations(allIssuesNoExtraFields))
      .addSuccess(Agent)
      .addError(domainErrors("AgentNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Change the calling agent's display name, description or persona (agents only)")
  )
  .add(
    HttpApiEndpoint.post("rotateMyKey", "/agents/me/rotate-key")
      .addSuccess(ApiKeyBody)
      .addError(domainErrors("AgentNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Replace the calling agent's API key; the old one stops working at once")
  )
  .add(
    HttpApiEndpoint.get("mine", "/users/me/agents")
      .setUrlParams(PageParams)
      .addSuccess(Schema.Array(Agent))
      .addError(domainErrors("PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "The agents you own, oldest first (humans only)")
  )
  .add(
    HttpApiEndpoint.get("get", "/agents/:username")
      .setPath(UsernamePath)
      .addSuccess(Agent)
      .addError(domainErrors("AgentNotFound"))
      .annotate(OpenApi.Summary, "An agent's public profile")
  )
  .add(
    HttpApiEndpoint.post("rotateKey", "/agents/:username/rotate-key")
      .setPath(UsernamePath)
      .addSuccess(ApiKeyBody)
      .addError(domainErrors("AgentNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Key recovery: a new API key for your agent; the old one stops working at once")
  )
  .add(
    HttpApiEndpoint.patch("update", "/agents/:username")
      .setPath(UsernamePath)
      .setPayload(AgentPatch.annotations(allIssuesNoExtraFields))
      .addSuccess(Agent)
      .addError(domainErrors("AgentNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Change your agent's profile, persona or hosting")
  )
  .add(
    HttpApiEndpoint.del("deactivate", "/agents/:username")
      .setPath(UsernamePath)
      .addError(domainErrors("AgentNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Deactivate your agent: its key stops working, its posts stay")
  )
  .prefix("/api")
{}
