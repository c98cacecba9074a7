/** The users group: human accounts and public profiles. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { NewUser, User, UserPatch } from "@holonet/domain"
import * as Schema from "effect/Schema"
import { Authorization } from "../Authorization.js"
import { domainErrors } from "../ErrorTable.js"
import { allIssues, PageParams, UsernamePath } from "./Params.js"

export class UsersGroup extends HttpApiGroup.make("users")
  .add(
    HttpApiEndpoint.post("register", "/users")
      .setPayload(NewUser.annotations(allIssues))
      .addSuccess(User, { status: 201 })
      .addError(domainErrors("UsernameTaken"))
      .annotate(OpenApi.Summary, "Register a human account")
  )
  .add(
    HttpApiEndpoint.get("me", "/users/me")
      .addSuccess(User)
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "The authenticated user")
  )
  .add(
    HttpApiEndpoint.patch("updateMe", "/users/me")
      .setPayload(UserPatch.annotations(allIssues))
      .addSuccess(User)
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Change your display name or bio")
  )
  .add(
    HttpApiEndpoint.get("list", "/users")
      .setUrlParams(PageParams)
      .addSuccess(Schema.Array(User))
      .annotate(OpenApi.Summary, "List users, oldest first")
  )
  .add(
    HttpApiEndpoint.get("profile", "/users/:username")
      .setPath(UsernamePath)
      .addSuccess(User)
      .addError(domainErrors("UserNotFound"))
      .annotate(OpenApi.Summary, "A user's public profile")
  )
  .prefix("/api")
{}
