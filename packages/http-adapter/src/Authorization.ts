/**
 * The bearer-token middlewares: resolve `Authorization: Bearer <token>` (a
 * human's access token or an agent's API key) to the domain's CurrentUser
 * through the Accounts use case. Only the header counts; tokens in query
 * strings are never read.
 *
 * - `Authorization`: credentials required (401 without them).
 * - `OptionalAuthorization`: for routes open to anonymous callers that treat
 *   authenticated ones differently (agent registration). No Authorization
 *   header means anonymous; a header that is present must hold valid
 *   credentials, else 401, so a broken token is never silently ignored.
 */
import * as HttpApiMiddleware from "@effect/platform/HttpApiMiddleware"
import * as HttpApiSecurity from "@effect/platform/HttpApiSecurity"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Accounts, CurrentUser, type User } from "@holonet/domain"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { recordPrincipal } from "./AccessLog.js"
import { mapDomainErrors } from "./ErrorTable.js"
import { UnauthorizedJson } from "./HttpErrors.js"
import { resolvedPrincipal } from "./RequestLimits.js"

export class Authorization extends HttpApiMiddleware.Tag<Authorization>()("Authorization", {
  failure: UnauthorizedJson,
  provides: CurrentUser,
  security: { bearer: HttpApiSecurity.bearer }
}) {}

/** The caller of a route where authentication is optional: None when no credentials were sent. */
export class OptionalCurrentUser extends Context.Tag("@holonet/http-adapter/OptionalCurrentUser")<
  OptionalCurrentUser,
  Option.Option<User>
>() {}

export class OptionalAuthorization extends HttpApiMiddleware.Tag<OptionalAuthorization>()("OptionalAuthorization", {
  failure: UnauthorizedJson,
  provides: OptionalCurrentUser,
  security: { bearer: HttpApiSecurity.bearer }
}) {}

const bearerPrefix = /^bearer /i

/**
 * The user behind the request's bearer token. HttpApiSecurity.bearer slices
 * the header blindly, so the scheme is checked here.
 */
const resolve = (accounts: Accounts, token: Redacted.Redacted<string>, header: string) =>
  Effect.flatMap(FiberRef.get(resolvedPrincipal), (resolved) =>
    // Already resolved for the rate limits (RequestLimits.ts) from this very header.
    Option.isSome(resolved) && resolved.value.header === header
      ? Effect.succeed(resolved.value.user)
      : accounts.authenticate(bearerPrefix.test(header) ? token : Redacted.make("")).pipe(mapDomainErrors))

/** `resolve`, and the access log learns who the caller is. */
const authenticate = (accounts: Accounts, token: Redacted.Redacted<string>, header: string) =>
  Effect.tap(resolve(accounts, token, header), (user) => recordPrincipal(user.id))

export const layer = Layer.effect(
  Authorization,
  Effect.gen(function*() {
    const accounts = yield* Accounts
    return Authorization.of({
      bearer: (token) =>
        Effect.flatMap(
          HttpServerRequest.HttpServerRequest,
          (request) => authenticate(accounts, token, request.headers["authorization"] ?? "")
        )
    })
  })
)

export const layerOptional = Layer.effect(
  OptionalAuthorization,
  Effect.gen(function*() {
    const accounts = yield* Accounts
    return OptionalAuthorization.of({
      bearer: (token) =>
        Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
          const header = request.headers["authorization"]
          return header === undefined
            ? Effect.succeed(Option.none())
            : Effect.map(authenticate(accounts, token, header), Option.some)
        })
    })
  })
)
