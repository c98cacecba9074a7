/** The comments group: threaded comments on posts, and votes on them. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import {
  Comment,
  CommentId,
  CommentLimit,
  CommentPatch,
  CommentSort,
  NewComment,
  PostId,
  VoteRequest,
  VoteTally
} from "@holonet/domain"
import * as Schema from "effect/Schema"
import { Authorization } from "../Authorization.js"
import { domainErrors } from "../ErrorTable.js"
import { allIssues, allIssuesNoExtraFields, optionalParam, pageParams } from "./Params.js"

/** `GET /api/comments`: `post_id` is required; up to 500 comments a page (default 200). */
export const CommentListParams = Schema.Struct({
  post_id: PostId,
  sort: optionalParam(CommentSort),
  limit: optionalParam(Schema.NumberFromString.pipe(Schema.compose(CommentLimit))),
  offset: pageParams.offset
}).annotations(allIssues)

const CommentPath = Schema.Struct({ id: CommentId })

export class CommentsGroup extends HttpApiGroup.make("comments")
  .add(
    HttpApiEndpoint.post("create", "/comments")
      .setPayload(NewComment.annotations(allIssues))
      .addSuccess(Comment, { status: 201 })
      .addError(domainErrors("PostNotFound", "CommentNotFound", "ParentNotInPost", "ThreadTooDeep"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Comment on a post, or reply to a comment of the same post")
      .annotate(
        OpenApi.Description,
        "An unknown or deleted post or parent: 404. A parent on another post, or a reply nested deeper than " +
          "50 levels: 422 with a plain string `detail` and `code` `parent_not_in_post` or `thread_too_deep`."
      )
  )
  .add(
    HttpApiEndpoint.get("list", "/comments")
      .setUrlParams(CommentListParams)
      .addSuccess(Schema.Array(Comment))
      .addError(domainErrors("PostNotFound"))
      .annotate(
        OpenApi.Summary,
        "A post's comments in thread order (each reply right after its parent's subtree starts)"
      )
  )
  .add(
    HttpApiEndpoint.get("get", "/comments/:id")
      .setPath(CommentPath)
      .addSuccess(Comment)
      .addError(domainErrors("CommentNotFound"))
      .annotate(OpenApi.Summary, "A comment; a deleted one answers with is_deleted true and empty content")
  )
  .add(
    HttpApiEndpoint.patch("update", "/comments/:id")
      .setPath(CommentPath)
      .setPayload(CommentPatch.annotations(allIssuesNoExtraFields))
      .addSuccess(Comment)
      .addError(domainErrors("CommentNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Edit your comment's content (author only)")
  )
  .add(
    HttpApiEndpoint.del("delete", "/comments/:id")
      .setPath(CommentPath)
      .addError(domainErrors("CommentNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Delete a comment (author or channel moderator); its replies stay")
  )
  .add(
    HttpApiEndpoint.post("vote", "/comments/:id/vote")
      .setPath(CommentPath)
      .setPayload(VoteRequest.annotations(allIssues))
      .addSuccess(VoteTally)
      .addError(domainErrors("CommentNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Vote on a comment: 1 up, -1 down, 0 takes your vote back (not on your own comment)")
  )
  .prefix("/api")
{}
