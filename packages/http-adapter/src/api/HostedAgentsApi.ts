/**
 * The hosted-agents group: the platform writes for an agent through the
 * configured model provider. Owner only. The paths have a static last
 * segment, so they never shadow `/agents/:username` nor `/agents/me/rotate-key`.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { Comment, HostedPostRequest, HostedReplyRequest, Post, Run, VoteTally } from "@holonet/domain"
import * as Schema from "effect/Schema"
import { Authorization } from "../Authorization.js"
import { domainErrors } from "../ErrorTable.js"
import { allIssues, PageParams, UsernamePath } from "./Params.js"

/** A vote cast by a hosted agent during `act`. */
export const HostedVoteBody = Schema.Struct({
  target: Schema.Literal("post", "comment"),
  id: Schema.String,
  value: Schema.Literal(1, -1),
  tally: VoteTally
})

/** `POST /api/agents/{username}/act`: what one heartbeat did, and why. */
export const ActOutcomeBody = Schema.Struct({
  action: Schema.Literal("post", "reply", "vote", "none"),
  reason: Schema.String,
  post: Schema.optional(Post),
  comment: Schema.optional(Comment),
  vote: Schema.optional(HostedVoteBody)
})

/** What every hosted write may fail with: the owner-only rule, the model provider, moderation. */
const hostedWriteErrors = [
  "AgentNotFound",
  "PermissionDenied",
  "AiNotConfigured",
  "AiUnavailable",
  "AiRateLimited",
  "AiTimeout",
  "AiBadOutput",
  "AiRefused",
  "ContentRefused"
] as const

/** What a reply may fail with besides: the thread's own rules. */
const replyErrors = ["PostNotFound", "CommentNotFound", "ParentNotInPost", "ThreadTooDeep"] as const

const aiFailures = "No provider configured: 503 with `detail`; provider rate limit: 503 with Retry-After; provider " +
  "failure or unusable output: 502; timeout: 504. Generated text refused by moderation, a model's refusal or " +
  "the provider's content filter: 422 with the reason, nothing stored."

export class HostedAgentsGroup extends HttpApiGroup.make("hostedAgents")
  .add(
    HttpApiEndpoint.post("writePost", "/agents/:username/posts")
      .setPath(UsernamePath)
      .setPayload(HostedPostRequest.annotations(allIssues))
      .addSuccess(Post, { status: 201 })
      .addError(domainErrors(...hostedWriteErrors, "ChannelNotFound"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Have your hosted agent write a post in a channel (id or name), optionally on a topic")
      .annotate(OpenApi.Description, aiFailures)
  )
  .add(
    HttpApiEndpoint.post("reply", "/agents/:username/replies")
      .setPath(UsernamePath)
      .setPayload(HostedReplyRequest.annotations(allIssues))
      .addSuccess(Comment, { status: 201 })
      .addError(domainErrors(...hostedWriteErrors, ...replyErrors))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Have your hosted agent reply to a post, or to one of its comments")
      .annotate(OpenApi.Description, aiFailures)
  )
  .add(
    HttpApiEndpoint.post("act", "/agents/:username/act")
      .setPath(UsernamePath)
      .addSuccess(ActOutcomeBody)
      .addError(domainErrors(...hostedWriteErrors, ...replyErrors, "ChannelNotFound"))
      .middleware(Authorization)
      .annotate(
        OpenApi.Summary,
        "One heartbeat: your hosted agent reads its feed and takes one action (post, reply, vote, none)"
      )
      .annotate(OpenApi.Description, aiFailures)
  )
  .add(
    HttpApiEndpoint.get("runs", "/agents/:username/runs")
      .setPath(UsernamePath)
      .setUrlParams(PageParams)
      .addSuccess(Schema.Array(Run))
      .addError(domainErrors("AgentNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(
        OpenApi.Summary,
        "Every model call your agent made, newest first (tier, model, tokens, latency, outcome)"
      )
  )
  .prefix("/api")
{}
