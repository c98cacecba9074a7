/**
 * The one place where a domain error gets its HTTP status. Every domain error
 * tag has one line in `domainErrorTable`: the wire schema of the HTTP error it
 * becomes (which endpoints declare, through `domainErrors`) and how it is
 * presented (which handlers apply, through `mapDomainErrors`). The body is
 * `detail` = the error's message and `code` = its tag in snake_case, except
 * where a line says otherwise.
 *
 * The table is checked against the domain's `DomainError` union: a new domain
 * error does not compile until it has its line here, and a handler's error
 * type is exactly the HTTP errors of the domain errors it can meet.
 */
import type { AiNotConfigured, AiRateLimited, DomainError, RateLimited } from "@holonet/domain"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import {
  BadGateway,
  BadGatewayJson,
  Conflict,
  ConflictJson,
  type ErrorBody,
  Forbidden,
  ForbiddenJson,
  GatewayTimeout,
  GatewayTimeoutJson,
  NotFound,
  NotFoundJson,
  ServiceUnavailable,
  ServiceUnavailableJson,
  TooManyRequests,
  TooManyRequestsJson,
  Unauthorized,
  UnauthorizedJson,
  Unprocessable,
  UnprocessableJson
} from "./HttpErrors.js"

/** `PostNotFound` → `post_not_found`: the stable machine code of a domain error. */
const errorCode = (tag: string) => tag.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase()

/** How one domain error is presented: the wire schema endpoints declare, and the translation. */
interface Presentation<E, H> {
  readonly wire: Schema.Schema<H, ErrorBody>
  readonly present: (error: E) => H
}

const bodyOf = (error: DomainError): ErrorBody => ({ detail: error.message, code: errorCode(error._tag) })

/** The usual presentation: the error's message and code under one status. */
const presentedAs = <H>(
  wire: Schema.Schema<H, ErrorBody>,
  HttpError: new(body: ErrorBody) => H
): Presentation<DomainError, H> => ({ wire, present: (error) => new HttpError(bodyOf(error)) })

const unauthorized = presentedAs(UnauthorizedJson, Unauthorized)
const forbidden = presentedAs(ForbiddenJson, Forbidden)
const notFound = presentedAs(NotFoundJson, NotFound)
const conflict = presentedAs(ConflictJson, Conflict)
const unprocessable = presentedAs(UnprocessableJson, Unprocessable)
const badGateway = presentedAs(BadGatewayJson, BadGateway)
const gatewayTimeout = presentedAs(GatewayTimeoutJson, GatewayTimeout)

/** 429; the seconds travel in the `Retry-After` header (see Middleware.ts). */
const rateLimited: Presentation<RateLimited, TooManyRequests> = {
  wire: TooManyRequestsJson,
  present: (error) => new TooManyRequests({ ...bodyOf(error), retryAfterSeconds: error.retryAfterSeconds })
}

/** No model provider: 503 with a detail a person can act on. */
const aiNotConfigured: Presentation<AiNotConfigured, ServiceUnavailable> = {
  wire: ServiceUnavailableJson,
  present: (error) => new ServiceUnavailable({ detail: "No AI provider is configured", code: errorCode(error._tag) })
}

/** The provider's rate limit: 503 with `Retry-After` in whole seconds (at least 1). */
const aiRateLimited: Presentation<AiRateLimited, ServiceUnavailable> = {
  wire: ServiceUnavailableJson,
  present: (error) =>
    new ServiceUnavailable({ ...bodyOf(error), retryAfterSeconds: Math.max(1, Math.ceil(error.retryAfterSeconds)) })
}

type DomainErrorTag = DomainError["_tag"]
type DomainErrorWithTag<K extends DomainErrorTag> = Extract<DomainError, { readonly _tag: K }>

/**
 * Every domain error and the HTTP error it becomes. `satisfies` refuses a
 * missing or a stale tag; `byTag` below checks that each line fits its error.
 */
const domainErrorTable = {
  UserNotFound: notFound,
  UsernameTaken: conflict,
  InvalidCredentials: unauthorized,
  Unauthenticated: unauthorized,
  PermissionDenied: forbidden,
  ChannelNotFound: notFound,
  ChannelNameTaken: conflict,
  PostNotFound: notFound,
  AgentNotFound: notFound,
  AgentLimitReached: unprocessable,
  RateLimited: rateLimited,
  CommentNotFound: notFound,
  ParentNotInPost: unprocessable,
  ThreadTooDeep: unprocessable,
  ContentRefused: unprocessable,
  CannotFollowSelf: unprocessable,
  WebhookNotFound: notFound,
  // 422 like AgentLimitReached: a rule of the platform, not a clash with another resource.
  WebhookLimitReached: unprocessable,
  WebhookUrlRefused: unprocessable,
  AiNotConfigured: aiNotConfigured,
  AiUnavailable: badGateway,
  AiRateLimited: aiRateLimited,
  AiTimeout: gatewayTimeout,
  AiBadOutput: badGateway,
  // 422 like ContentRefused: the model or its content filter said no; nothing is wrong with the provider.
  AiRefused: unprocessable
} satisfies Record<DomainErrorTag, unknown>

type DomainErrorTable = typeof domainErrorTable

/** The HTTP error that the domain error(s) `E` become. */
export type HttpErrorOf<E extends DomainError> = ReturnType<DomainErrorTable[E["_tag"]]["present"]>

/** Every HTTP error a domain error can become. */
export type DomainHttpError = HttpErrorOf<DomainError>

/**
 * The table seen one tag at a time. Indexing a mapped type with a tag `K`
 * gives exactly the line of the error tagged `K`, which lets TypeScript
 * follow a tag from an error (or a name) to its HTTP error.
 */
const byTag: {
  readonly [K in DomainErrorTag]: {
    readonly wire: Schema.Schema<HttpErrorOf<DomainErrorWithTag<K>>, ErrorBody>
    readonly present: (error: DomainErrorWithTag<K>) => HttpErrorOf<DomainErrorWithTag<K>>
  }
} = domainErrorTable

const presentByTag = <K extends DomainErrorTag>(tag: K, error: DomainErrorWithTag<K>) => byTag[tag].present(error)

/**
 * For a generic `E`, TypeScript cannot prove that `E` is the error its own
 * tag names, so this overload states the result that `byTag` guarantees for
 * each tag.
 */
function present<E extends DomainError>(error: E): HttpErrorOf<E>
function present(error: DomainError): DomainHttpError {
  return presentByTag(error._tag, error)
}

/** Presents every domain error of `self` as its HTTP error: what each handler applies. */
export const mapDomainErrors = <A, E extends DomainError, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<A, HttpErrorOf<E>, R> => Effect.mapError(self, present)

/**
 * The error schema an endpoint declares for the domain errors it can answer
 * with: one wire schema per status, whatever the number of tags sharing it.
 * Its type is exactly the HTTP errors of those tags, so the compiler checks
 * each handler against what its endpoint declares.
 */
export const domainErrors = <K extends DomainErrorTag>(...tags: ReadonlyArray<K>) =>
  Schema.Union(...new Set(tags.map((tag) => byTag[tag].wire)))

/** What a REST client reads when a domain error answers: the status and the JSON body. */
export interface RestAnswer {
  readonly status: number
  readonly body: ErrorBody & { readonly retry_after?: number }
}

/**
 * A domain error as the REST route answers it, for front doors that are not
 * HttpApi endpoints (the MCP tools): same status, `detail` and `code`, and a
 * 429's `retry_after` as in `rateLimitedResponse`.
 */
export const restAnswerOf = (error: DomainError): RestAnswer => {
  const status = HttpApiSchema.getStatusErrorAST(byTag[error._tag].wire.ast)
  const http = present(error)
  const body: ErrorBody = http.code === undefined ? { detail: http.detail } : { detail: http.detail, code: http.code }
  return http._tag === "TooManyRequests" && http.retryAfterSeconds !== undefined
    ? { status, body: { ...body, retry_after: http.retryAfterSeconds } }
    : { status, body }
}
