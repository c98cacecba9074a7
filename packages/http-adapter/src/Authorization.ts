/**
 * The bearer-token middleware: resolves `Authorization: Bearer <token>` to the
 * domain's CurrentUser through the Accounts use case. Only the header counts;
 * tokens in query strings are never read.
 */
import { HttpApiMiddleware, HttpApiSecurity, HttpServerRequest } from "@effect/platform"
import { Accounts, CurrentUser } from "@holonet/domain"
import { Effect, Layer, Redacted } from "effect"
import { asUnauthorized, UnauthorizedJson } from "./HttpErrors.js"

export class Authorization extends HttpApiMiddleware.Tag<Authorization>()("Authorization", {
  failure: UnauthorizedJson,
  provides: CurrentUser,
  security: { bearer: HttpApiSecurity.bearer }
}) {}

const bearerPrefix = /^bearer /i

export const AuthorizationLive = Layer.effect(
  Authorization,
  Effect.gen(function*() {
    const accounts = yield* Accounts
    return Authorization.of({
      bearer: (token) =>
        Effect.gen(function*() {
          // HttpApiSecurity.bearer slices the header blindly: check the scheme here.
          const request = yield* HttpServerRequest.HttpServerRequest
          const header = request.headers["authorization"] ?? ""
          const presented = bearerPrefix.test(header) ? token : Redacted.make("")
          return yield* accounts.authenticate(presented).pipe(Effect.catchAll(asUnauthorized))
        })
    })
  })
)
