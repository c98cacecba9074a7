/**
 * Handlers of the hosted-agents group: the owner asks the platform to write
 * or act for an agent. The rules (owner only, hosted only, moderation) are
 * the domain's; this module maps requests to calls, and every failure (the
 * model provider's included) to its status through ErrorTable.ts.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { type ActOutcome, HostedAgents, type HostedVote } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { HoloApi } from "../Api.js"
import { mapDomainErrors } from "../ErrorTable.js"
import { commentJson, jsonOf, postJson, voteTallyJson } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

const voteJson = (vote: HostedVote) => ({
  target: vote.target,
  id: vote.id,
  value: vote.value,
  tally: voteTallyJson(vote.tally)
})

/** The act answer in wire form: absent parts stay absent. */
export const actOutcomeJson = (outcome: ActOutcome) => ({
  action: outcome.action,
  reason: outcome.reason,
  ...(outcome.post === undefined ? {} : { post: postJson(outcome.post) }),
  ...(outcome.comment === undefined ? {} : { comment: commentJson(outcome.comment) }),
  ...(outcome.vote === undefined ? {} : { vote: voteJson(outcome.vote) })
})

const postCreated = jsonOf(postJson, 201)
const commentCreated = jsonOf(commentJson, 201)
const actOk = jsonOf(actOutcomeJson)

export const layer = HttpApiBuilder.group(HoloApi, "hostedAgents", (handlers) =>
  Effect.gen(function*() {
    const hosted = yield* HostedAgents
    return handlers
      .handle("writePost", ({ path, payload }) =>
        hosted.writePost(path.username, payload).pipe(Effect.map(postCreated), mapDomainErrors))
      .handle("reply", ({ path, payload }) =>
        hosted.reply(path.username, payload).pipe(Effect.map(commentCreated), mapDomainErrors))
      .handle("act", ({ path }) =>
        hosted.act(path.username).pipe(Effect.map(actOk), mapDomainErrors))
      .handle("runs", ({ path, urlParams }) =>
        hosted.runs(path.username, pageOf(urlParams)).pipe(mapDomainErrors))
  }))
