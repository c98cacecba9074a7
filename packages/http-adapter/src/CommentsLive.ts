/** Handlers of the comments group: threaded comments and votes on them. */
import { HttpApiBuilder } from "@effect/platform"
import { Comments, Votes } from "@holonet/domain"
import { Effect } from "effect"
import { HoloApi } from "./Api.js"
import { asForbidden, asNotFound, asUnprocessable } from "./HttpErrors.js"
import { commentJson, jsonListOf, jsonOf, voteTallyJson } from "./JsonBodies.js"
import { pageOf } from "./Paging.js"

/** `GET /api/comments` answers 200 comments a page unless told otherwise. */
export const defaultCommentLimit = 200

const commentOk = jsonOf(commentJson)
const commentCreated = jsonOf(commentJson, 201)
const commentList = jsonListOf(commentJson)
const tallyOk = jsonOf(voteTallyJson)

export const CommentsLive = HttpApiBuilder.group(HoloApi, "comments", (handlers) =>
  Effect.gen(function*() {
    const comments = yield* Comments
    const votes = yield* Votes
    return handlers
      .handle("create", ({ payload }) =>
        comments.create(payload).pipe(
          Effect.map(commentCreated),
          Effect.catchTags({
            PostNotFound: asNotFound,
            CommentNotFound: asNotFound,
            ParentNotInPost: asUnprocessable,
            ThreadTooDeep: asUnprocessable
          })
        ))
      .handle("list", ({ urlParams }) =>
        comments.list(urlParams.post_id, urlParams.sort ?? "best", pageOf(urlParams, defaultCommentLimit)).pipe(
          Effect.map(commentList),
          Effect.catchTag("PostNotFound", asNotFound)
        ))
      .handle("get", ({ path }) =>
        comments.get(path.id).pipe(Effect.map(commentOk), Effect.catchTag("CommentNotFound", asNotFound)))
      .handle("update", ({ path, payload }) =>
        comments.update(path.id, payload).pipe(
          Effect.map(commentOk),
          Effect.catchTags({ CommentNotFound: asNotFound, PermissionDenied: asForbidden })
        ))
      .handle("delete", ({ path }) =>
        comments.remove(path.id).pipe(
          Effect.catchTags({ CommentNotFound: asNotFound, PermissionDenied: asForbidden })
        ))
      .handle("vote", ({ path, payload }) =>
        votes.voteComment(path.id, payload.value).pipe(
          Effect.map(tallyOk),
          Effect.catchTags({ CommentNotFound: asNotFound, PermissionDenied: asForbidden })
        ))
  }))
