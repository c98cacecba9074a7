/**
 * The error bodies of the REST contract: `{"detail": ..., "code"?: ...}` as
 * FastAPI answers, one class per status. Classes without `_tag` keep the JSON
 * exactly as API.md shows it. Domain errors are translated here, once.
 */
import { HttpApiSchema } from "@effect/platform"
import { Effect, Schema } from "effect"

const fields = { detail: Schema.String, code: Schema.optional(Schema.String) }
const ErrorBody = Schema.Struct(fields)
type ErrorBody = typeof ErrorBody.Type

/**
 * The wire form of an error class: exactly `{detail, code?}`. The class keeps
 * its `_tag` in memory, which is what lets the encoder tell a 404 from a 409
 * (plain classes of the same shape are indistinguishable to a Schema union).
 */
const onTheWire = <A extends ErrorBody, I, R>(
  errorClass: Schema.Schema<A, I, R>,
  make: (body: ErrorBody) => A,
  status: number,
  description: string
) =>
  Schema.transform(ErrorBody, Schema.typeSchema(errorClass), {
    strict: true,
    decode: make,
    encode: (e) => e.code === undefined ? { detail: e.detail } : { detail: e.detail, code: e.code }
  }).annotations({ ...HttpApiSchema.annotations({ status, description }), identifier: `Error${status}` })

export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", fields) {}
export const UnauthorizedJson = onTheWire(Unauthorized, (b) => new Unauthorized(b), 401, "Missing, invalid or expired credentials")

export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", fields) {}
export const ForbiddenJson = onTheWire(Forbidden, (b) => new Forbidden(b), 403, "Authenticated but not allowed")

export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", fields) {}
export const NotFoundJson = onTheWire(NotFound, (b) => new NotFound(b), 404, "Unknown or deleted resource")

export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", fields) {}
export const ConflictJson = onTheWire(Conflict, (b) => new Conflict(b), 409, "Name already taken")

/**
 * 422 for a rule of the domain rather than a malformed field (e.g. an owner's
 * agent cap): `detail` is a plain string here, not FastAPI's list.
 */
export class Unprocessable extends Schema.TaggedError<Unprocessable>()("Unprocessable", fields) {}
export const UnprocessableJson = onTheWire(
  Unprocessable,
  (b) => new Unprocessable(b),
  422,
  "A limit or rule of the platform refused the request; detail is a plain string"
)

/**
 * 429. `retryAfterSeconds` stays in memory: the wire body is `{detail, code}`
 * and the seconds travel in the `Retry-After` header (see Middleware.ts).
 */
export class TooManyRequests extends Schema.TaggedError<TooManyRequests>()("TooManyRequests", {
  ...fields,
  retryAfterSeconds: Schema.optional(Schema.Int)
}) {}
export const TooManyRequestsJson = onTheWire(
  TooManyRequests,
  (b) => new TooManyRequests(b),
  429,
  "Rate limited; the Retry-After header says after how many seconds to try again"
)

/**
 * 503. When `retryAfterSeconds` is set (a rate-limited model provider) the
 * seconds travel in the `Retry-After` header, as for 429 (see Middleware.ts).
 */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()("ServiceUnavailable", {
  ...fields,
  retryAfterSeconds: Schema.optional(Schema.Int)
}) {}
export const ServiceUnavailableJson = onTheWire(
  ServiceUnavailable,
  (b) => new ServiceUnavailable(b),
  503,
  "A dependency is unavailable or not configured; Retry-After is sent when it is rate limited"
)

export class BadGateway extends Schema.TaggedError<BadGateway>()("BadGateway", fields) {}
export const BadGatewayJson = onTheWire(
  BadGateway,
  (b) => new BadGateway(b),
  502,
  "The language model provider failed or gave an unusable answer"
)

export class GatewayTimeout extends Schema.TaggedError<GatewayTimeout>()("GatewayTimeout", fields) {}
export const GatewayTimeoutJson = onTheWire(
  GatewayTimeout,
  (b) => new GatewayTimeout(b),
  504,
  "The language model provider did not answer in time"
)

export const ValidationIssue = Schema.Struct({
  loc: Schema.Array(Schema.Union(Schema.String, Schema.Number)),
  msg: Schema.String,
  type: Schema.String
})
export type ValidationIssue = typeof ValidationIssue.Type

/** FastAPI's 422: one entry per offending field. */
export class ValidationError extends Schema.Class<ValidationError>("ValidationError")(
  { detail: Schema.Array(ValidationIssue) },
  HttpApiSchema.annotations({ status: 422, description: "Request validation failed" })
) {}

interface DomainFailure {
  readonly _tag: string
  readonly message: string
}

/** `PostNotFound` → `post_not_found`: the stable machine code of a domain error. */
export const errorCode = (tag: string) => tag.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase()

/** Catch-handlers that turn a domain error into the HTTP error of its status. */
export const asNotFound = (e: DomainFailure) => Effect.fail(new NotFound({ detail: e.message, code: errorCode(e._tag) }))
export const asForbidden = (e: DomainFailure) => Effect.fail(new Forbidden({ detail: e.message, code: errorCode(e._tag) }))
export const asConflict = (e: DomainFailure) => Effect.fail(new Conflict({ detail: e.message, code: errorCode(e._tag) }))
export const asUnauthorized = (e: DomainFailure) =>
  Effect.fail(new Unauthorized({ detail: e.message, code: errorCode(e._tag) }))
export const asUnprocessable = (e: DomainFailure) =>
  Effect.fail(new Unprocessable({ detail: e.message, code: errorCode(e._tag) }))
export const asTooManyRequests = (e: DomainFailure & { readonly retryAfterSeconds: number }) =>
  Effect.fail(new TooManyRequests({ detail: e.message, code: errorCode(e._tag), retryAfterSeconds: e.retryAfterSeconds }))
export const asBadGateway = (e: DomainFailure) => Effect.fail(new BadGateway({ detail: e.message, code: errorCode(e._tag) }))
export const asGatewayTimeout = (e: DomainFailure) =>
  Effect.fail(new GatewayTimeout({ detail: e.message, code: errorCode(e._tag) }))
/** No model provider: 503 with a detail a person can act on. */
export const asAiNotConfigured = (e: DomainFailure) =>
  Effect.fail(new ServiceUnavailable({ detail: "No AI provider is configured", code: errorCode(e._tag) }))
/** The provider's rate limit: 503 with `Retry-After` in whole seconds (at least 1). */
export const asAiRateLimited = (e: DomainFailure & { readonly retryAfterSeconds: number }) =>
  Effect.fail(
    new ServiceUnavailable({
      detail: e.message,
      code: errorCode(e._tag),
      retryAfterSeconds: Math.max(1, Math.ceil(e.retryAfterSeconds))
    })
  )
