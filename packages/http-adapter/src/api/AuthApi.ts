/** The auth group: logging in, as an OAuth2 password form or as JSON. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import { Credentials } from "@holonet/domain"
import * as Schema from "effect/Schema"
import { domainErrors } from "../ErrorTable.js"
import { allIssues } from "./Params.js"

export const AccessTokenBody = Schema.Struct({
  access_token: Schema.String,
  token_type: Schema.Literal("bearer"),
  expires_in: Schema.Int
})

export class AuthGroup extends HttpApiGroup.make("auth")
  .add(
    HttpApiEndpoint.post("login", "/auth/login")
      .setPayload(
        Schema.Union(
          Credentials.annotations(allIssues),
          Credentials.annotations(allIssues).pipe(HttpApiSchema.withEncoding({ kind: "UrlParams" }))
        )
      )
      .addSuccess(AccessTokenBody)
      .addError(domainErrors("InvalidCredentials"))
      .annotate(OpenApi.Summary, "Log in with a username and password (OAuth2 password form or JSON)")
  )
  .prefix("/api")
{}
