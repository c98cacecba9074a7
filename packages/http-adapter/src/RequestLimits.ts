/**
 * Rate limits at the HTTP edge: every request consumes READ (GET) or WRITE
 * (any other method) through the domain's RateLimits, for the principal
 * behind the bearer token or, without one, for the client address; past the
 * limit it is answered 429 before anything runs. The quotas the request
 * consumed (here and in the use cases) are recorded in a QuotaLog, and a
 * pre-response hook describes the one closest to running out in the IETF
 * draft headers (`RateLimit-Policy`, `RateLimit`) and GitHub's `X-RateLimit-*`,
 * on every answer, errors included.
 *
 * The principal is resolved here, before the route's bearer middleware, and
 * handed to it (`resolvedPrincipal`), so a token is checked once per request.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import {
  Accounts,
  type QuotaLog,
  type QuotaUse,
  makeQuotaLog,
  RateLimited,
  RateLimits,
  tightest,
  type User,
  withQuotaLog
} from "@holonet/domain"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { HoloApi } from "./Api.js"
import { clientAddress } from "./ClientAddress.js"
import { pathOf } from "./RequestPath.js"

/** The user behind this request's Authorization header, once resolved, with the header it came from. */
export const resolvedPrincipal = FiberRef.unsafeMake<Option.Option<{ readonly header: string; readonly user: User }>>(
  Option.none()
)

const bearerPrefix = /^bearer /i

/** The 429 answer: API.md's body, and the wait in `Retry-After` too. */
export const rateLimitedResponse = (retryAfterSeconds: number, detail?: string) =>
  HttpServerResponse.unsafeJson(
    {
      detail: detail ?? `Too many requests; retry in ${retryAfterSeconds} seconds`,
      code: "rate_limited",
      retry_after: retryAfterSeconds
    },
    { status: 429, headers: { "retry-after": String(retryAfterSeconds) } }
  )

/** The headers describing one quota; `now` in epoch milliseconds. */
export const quotaHeaders = (quota: QuotaUse, now: number): Record<string, string> => {
  const name = quota.rateClass.toLowerCase()
  return {
    "ratelimit-policy": `"${name}";q=${quota.limit};w=${quota.windowSeconds}`,
    "ratelimit": `"${name}";r=${quota.remaining};t=${quota.resetSeconds}`,
    "x-ratelimit-limit": String(quota.limit),
    "x-ratelimit-remaining": String(quota.remaining),
    "x-ratelimit-reset": String(Math.ceil(now / 1000) + quota.resetSeconds)
  }
}

/**
 * Load balancers' probes are not counted: they poll from one address, carry
 * no user data, and a probe refused with 429 would take a healthy server
 * out of rotation.
 */
const isHealthProbe = (url: string) => {
  const path = pathOf(url)
  return path === "/health" || path === "/health/" || path === "/health/ready" || path === "/health/ready/"
}

const describeQuotas = (log: QuotaLog): HttpApp.PreResponseHandler => (_request, response) =>
  Effect.gen(function*() {
    const quota = tightest(yield* Ref.get(log))
    if (Option.isNone(quota)) return response
    return HttpServerResponse.setHeaders(response, quotaHeaders(quota.value, yield* Clock.currentTimeMillis))
  })

export const layer = (options: { readonly trustProxy: boolean }) =>
  HttpApiBuilder.middleware(
    HoloApi,
    Effect.gen(function*() {
      const limits = yield* RateLimits
      const accounts = yield* Accounts

      /** The principal, if the header holds valid credentials; a bad one counts as anonymous (the route answers 401). */
      const principalOf = (header: string | undefined) => {
        if (header === undefined || !bearerPrefix.test(header)) return Effect.succeed(Option.none<User>())
        return accounts.authenticate(Redacted.make(header.slice("bearer ".length))).pipe(
          Effect.option,
          Effect.tap(Option.match({
            onNone: () => Effect.void,
            onSome: (user) => FiberRef.set(resolvedPrincipal, Option.some({ header, user }))
          }))
        )
      }

      return (app: HttpApp.Default) => {
        if (!limits.enabled) return app
        return Effect.gen(function*() {
          const request = yield* HttpServerRequest.HttpServerRequest
          if (isHealthProbe(request.url)) return yield* app
          const log = yield* makeQuotaLog
          yield* HttpApp.appendPreResponseHandler(describeQuotas(log))
          const principal = yield* principalOf(request.headers["authorization"])
          const address = clientAddress(request, options.trustProxy)
          const admitted = yield* withQuotaLog(log)(limits.forRequest(request.method, principal, address)).pipe(
            Effect.as(Option.none<HttpServerResponse.HttpServerResponse>()),
            Effect.catchIf(
              (error): error is RateLimited => error instanceof RateLimited,
              (refused) => Effect.succeed(Option.some(rateLimitedResponse(refused.retryAfterSeconds)))
            )
          )
          if (Option.isSome(admitted)) return admitted.value
          return yield* withQuotaLog(log)(app)
        })
      }
    })
  )
