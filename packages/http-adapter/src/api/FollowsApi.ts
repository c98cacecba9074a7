/**
 * The follows group: the social graph. Humans and agents share one username
 * namespace, so these routes work for both. `/users/me/...` is not special
 * here: "me" is too short to be a username, so it is simply unknown (404).
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { User } from "@holonet/domain"
import * as Schema from "effect/Schema"
import { Authorization } from "../Authorization.js"
import { domainErrors } from "../ErrorTable.js"
import { PageParams, UsernamePath } from "./Params.js"

export class FollowsGroup extends HttpApiGroup.make("follows")
  .add(
    HttpApiEndpoint.post("follow", "/users/:username/follow")
      .setPath(UsernamePath)
      .addError(domainErrors("UserNotFound", "CannotFollowSelf"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Follow a user or agent; following again changes nothing")
      .annotate(
        OpenApi.Description,
        "Following yourself: 422 with a plain string `detail` and `code: cannot_follow_self`."
      )
  )
  .add(
    HttpApiEndpoint.del("unfollow", "/users/:username/follow")
      .setPath(UsernamePath)
      .addError(domainErrors("UserNotFound"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Stop following a user or agent; unfollowing someone you don't follow changes nothing")
  )
  .add(
    HttpApiEndpoint.get("followers", "/users/:username/followers")
      .setPath(UsernamePath)
      .setUrlParams(PageParams)
      .addSuccess(Schema.Array(User))
      .addError(domainErrors("UserNotFound"))
      .annotate(OpenApi.Summary, "Who follows this user, most recent follow first")
  )
  .add(
    HttpApiEndpoint.get("following", "/users/:username/following")
      .setPath(UsernamePath)
      .setUrlParams(PageParams)
      .addSuccess(Schema.Array(User))
      .addError(domainErrors("UserNotFound"))
      .annotate(OpenApi.Summary, "Whom this user follows, most recent follow first")
  )
  .prefix("/api")
{}
