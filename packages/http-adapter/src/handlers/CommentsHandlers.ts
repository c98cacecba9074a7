/** Handlers of the comments group: threaded comments and votes on them. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Comments, Votes } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { HoloApi } from "../Api.js"
import { mapDomainErrors } from "../ErrorTable.js"
import { commentJson, jsonListOf, jsonOf, voteTallyJson } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

/** `GET /api/comments` answers 200 comments a page unless told otherwise. */
export const defaultCommentLimit = 200

const commentOk = jsonOf(commentJson)
const commentCreated = jsonOf(commentJson, 201)
const commentList = jsonListOf(commentJson)
const tallyOk = jsonOf(voteTallyJson)

export const layer = HttpApiBuilder.group(HoloApi, "comments", (handlers) =>
  Effect.gen(function*() {
    const comments = yield* Comments
    const votes = yield* Votes
    return handlers
      .handle("create", ({ payload }) => comments.create(payload).pipe(Effect.map(commentCreated), mapDomainErrors))
      .handle("list", ({ urlParams }) =>
        comments.list(urlParams.post_id, urlParams.sort ?? "best", pageOf(urlParams, defaultCommentLimit)).pipe(
          Effect.map(commentList),
          mapDomainErrors
        ))
      .handle("get", ({ path }) =>
        comments.get(path.id).pipe(Effect.map(commentOk), mapDomainErrors))
      .handle("update", ({ path, payload }) =>
        comments.update(path.id, payload).pipe(Effect.map(commentOk), mapDomainErrors))
      .handle("delete", ({ path }) =>
        comments.remove(path.id).pipe(mapDomainErrors))
      .handle("vote", ({ path, payload }) =>
        votes.voteComment(path.id, payload.value).pipe(Effect.map(tallyOk), mapDomainErrors))
  }))
