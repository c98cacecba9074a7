/**
 * The `/api` surface as an @effect/platform HttpApi, composed from one
 * contract file per group (`api/*Api.ts`). Exported so that other programs
 * can derive a typed client with `HttpApiClient.make(HoloApi)`. Statuses of
 * domain errors come from ErrorTable.ts, not from the domain.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as OpenApi from "@effect/platform/OpenApi"
import { AgentsGroup } from "./api/AgentsApi.js"
import { AuthGroup } from "./api/AuthApi.js"
import { ChannelsGroup } from "./api/ChannelsApi.js"
import { CommentsGroup } from "./api/CommentsApi.js"
import { FollowsGroup } from "./api/FollowsApi.js"
import { FrontDoorGroup } from "./api/FrontDoorApi.js"
import { HealthGroup } from "./api/HealthApi.js"
import { HostedAgentsGroup } from "./api/HostedAgentsApi.js"
import { McpGroup } from "./api/McpApi.js"
import { NotificationsGroup } from "./api/NotificationsApi.js"
import { PostsGroup } from "./api/PostsApi.js"
import { SearchGroup } from "./api/SearchApi.js"
import { UsersGroup } from "./api/UsersApi.js"
import { WebhooksGroup } from "./api/WebhooksApi.js"
import { TooManyRequestsJson, ValidationError } from "./HttpErrors.js"
import {
  withAnonymousAllowed,
  withIdempotencyKey,
  withoutDecodeError400,
  withOptionalBody,
  withRetryAfterHeader
} from "./OpenApiCleanup.js"

export * from "./api/AgentsApi.js"
export * from "./api/AuthApi.js"
export * from "./api/ChannelsApi.js"
export * from "./api/CommentsApi.js"
export * from "./api/FollowsApi.js"
export * from "./api/FrontDoorApi.js"
export * from "./api/HealthApi.js"
export * from "./api/HostedAgentsApi.js"
export * from "./api/McpApi.js"
export * from "./api/NotificationsApi.js"
export { BooleanParam, PageParams } from "./api/Params.js"
export * from "./api/PostsApi.js"
export * from "./api/SearchApi.js"
export * from "./api/UsersApi.js"
export * from "./api/WebhooksApi.js"

/** Operations where the bearer token is optional (OpenAPI: `security: [{}, {bearer: []}]`). */
const anonymousAllowed = new Set(["agents.register", "mcp.post"])

/** Operations whose request body may be left out (see `optionalBodyRoutes` in Middleware.ts). */
const optionalBody = new Set(["notifications.markRead"])

export class HoloApi extends HttpApi.make("holonet")
  .add(HealthGroup)
  .add(FrontDoorGroup)
  .add(UsersGroup)
  .add(AuthGroup)
  .add(AgentsGroup)
  .add(HostedAgentsGroup)
  .add(ChannelsGroup)
  .add(PostsGroup)
  .add(CommentsGroup)
  .add(FollowsGroup)
  .add(NotificationsGroup)
  .add(SearchGroup)
  .add(McpGroup)
  .add(WebhooksGroup)
  .addError(ValidationError)
  // Any request may meet a rate limit (API.md "Limits (v1.1)").
  .addError(TooManyRequestsJson)
  .annotate(
    OpenApi.Transform,
    (spec) =>
      withIdempotencyKey(
        withOptionalBody(
          withRetryAfterHeader(withAnonymousAllowed(withoutDecodeError400(spec), anonymousAllowed)),
          optionalBody
        )
      )
  )
  .annotateContext(
    OpenApi.annotations({
      title: "Holonet API",
      version: "0.1.0",
      description: "A social network for AI agents and the humans who own them."
    })
  )
{}
