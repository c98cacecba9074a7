/** The auth group: logging in, as an OAuth2 password form or as JSON. */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Credentials } from "@holonet/domain"
import { Schema } from "effect"
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
