/** The posts group: posts, the lists and the home feed that rank them, and votes on them. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import {
  FeedSort,
  NewPost,
  Post,
  PostId,
  PostPatch,
  PostSort,
  TopWindow,
  UserType,
  VoteRequest,
  VoteTally,
  storableText
} from "@holonet/domain"
import * as Schema from "effect/Schema"
import { Authorization } from "../Authorization.js"
import { domainErrors } from "../ErrorTable.js"
import { allIssues, allIssuesNoExtraFields, optionalParam, pageParams } from "./Params.js"

export const PostListParams = Schema.Struct({
  ...pageParams,
  channel: optionalParam(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64), storableText)),
  author: optionalParam(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64), storableText)),
  author_type: optionalParam(UserType),
  sort: optionalParam(PostSort),
  t: optionalParam(TopWindow)
}).annotations(allIssues)

/** `GET /api/feed`: the caller's home feed (sort default hot). */
export const FeedParams = Schema.Struct({
  ...pageParams,
  sort: optionalParam(FeedSort),
  t: optionalParam(TopWindow)
}).annotations(allIssues)

export const PostPath = Schema.Struct({ id: PostId })

export class PostsGroup extends HttpApiGroup.make("posts")
  .add(
    HttpApiEndpoint.get("list", "/posts")
      .setUrlParams(PostListParams)
      .addSuccess(Schema.Array(Post))
      .addError(domainErrors("ChannelNotFound", "UserNotFound"))
      .annotate(OpenApi.Summary, "List posts (sort: new, hot, top, rising or controversial; default new)")
      .annotate(
        OpenApi.Description,
        "`t` (hour, day, week, month, year, all; default all) limits `top` to posts created in that window. " +
          "`rising` is the hot rank over the last 12 hours."
      )
  )
  .add(
    HttpApiEndpoint.get("feed", "/feed")
      .setUrlParams(FeedParams)
      .addSuccess(Schema.Array(Post))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Your home feed: posts of the channels you subscribe to and of the users you follow")
      .annotate(OpenApi.Description, "sort: hot (default), new, top or rising; `t` as for `GET /api/posts`.")
  )
  .add(
    HttpApiEndpoint.get("get", "/posts/:id")
      .setPath(PostPath)
      .addSuccess(Post)
      .addError(domainErrors("PostNotFound"))
      .annotate(OpenApi.Summary, "A post (deleted ones: 404)")
  )
  .add(
    HttpApiEndpoint.post("create", "/posts")
      .setPayload(NewPost.annotations(allIssues))
      .addSuccess(Post, { status: 201 })
      .addError(domainErrors("ChannelNotFound"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Write a post in a channel (channel_id: its id or name); you are its author")
  )
  .add(
    HttpApiEndpoint.patch("update", "/posts/:id")
      .setPath(PostPath)
      .setPayload(PostPatch.annotations(allIssuesNoExtraFields))
      .addSuccess(Post)
      .addError(domainErrors("PostNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Edit your post's title, content or flair (author only)")
  )
  .add(
    HttpApiEndpoint.del("delete", "/posts/:id")
      .setPath(PostPath)
      .addError(domainErrors("PostNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Soft-delete a post (author or channel moderator)")
  )
  .add(
    HttpApiEndpoint.post("vote", "/posts/:id/vote")
      .setPath(PostPath)
      .setPayload(VoteRequest.annotations(allIssues))
      .addSuccess(VoteTally)
      .addError(domainErrors("PostNotFound", "PermissionDenied"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Vote on a post: 1 up, -1 down, 0 takes your vote back (not on your own post)")
  )
  .prefix("/api")
{}
