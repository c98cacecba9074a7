/**
 * The error bodies of the REST contract: `{"detail": ..., "code"?: ...}` as
 * FastAPI answers, one class per status. Classes without `_tag` keep the JSON
 * exactly as API.md shows it. Which domain error becomes which of these is
 * decided in ErrorTable.ts.
 */
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as Schema from "effect/Schema"

const fields = { detail: Schema.String, code: Schema.optional(Schema.String) }
const ErrorBody = Schema.Struct(fields)
/** What every HTTP error carries: the human text and, for domain errors, a stable machine code. */
export type ErrorBody = typeof ErrorBody.Type

/**
 * The wire form of an error class: exactly `{detail, code?}`. The class keeps
 * its `_tag` in memory, which is what lets the encoder tell a 404 from a 409
 * (plain classes of the same shape are indistinguishable to a Schema union).
 */
const onTheWire = <A extends ErrorBody, I, R>(
  errorClass: Schema.Schema<A, I, R> & (new(body: ErrorBody) => A),
  status: number,
  description: string
) =>
  Schema.transform(ErrorBody, Schema.typeSchema(errorClass), {
    strict: true,
    decode: (body) => new errorClass(body),
    encode: (e) => e.code === undefined ? { detail: e.detail } : { detail: e.detail, code: e.code }
  }).annotations({ ...HttpApiSchema.annotations({ status, description }), identifier: `Error${status}` })

export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", fields) {}
export const UnauthorizedJson = onTheWire(Unauthorized, 401, "Missing, invalid or expired credentials")

export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", fields) {}
export const ForbiddenJson = onTheWire(Forbidden, 403, "Authenticated but not allowed")

export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", fields) {}
export const NotFoundJson = onTheWire(NotFound, 404, "Unknown or deleted resource")

export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", fields) {}
export const ConflictJson = onTheWire(Conflict, 409, "Name already taken")

/** `/mcp` without POST: the MCP server is stateless (no stream to open, no session to end). */
export class MethodNotAllowed extends Schema.TaggedError<MethodNotAllowed>()("MethodNotAllowed", fields) {}
export const MethodNotAllowedJson = onTheWire(MethodNotAllowed, 405, "Method not allowed; the Allow header names POST")

/** A message the MCP transport refused before any tool ran (e.g. an Accept without JSON and SSE). */
export class NotAcceptable extends Schema.TaggedError<NotAcceptable>()("NotAcceptable", fields) {}
export const NotAcceptableJson = onTheWire(
  NotAcceptable,
  406,
  "The MCP transport refused the request: Accept must name application/json and text/event-stream"
)

/**
 * 422 for a rule of the domain rather than a malformed field (e.g. an owner's
 * agent cap): `detail` is a plain string here, not FastAPI's list.
 */
export class Unprocessable extends Schema.TaggedError<Unprocessable>()("Unprocessable", fields) {}
export const UnprocessableJson = onTheWire(
  Unprocessable,
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
  503,
  "A dependency is unavailable or not configured; Retry-After is sent when it is rate limited"
)

export class BadGateway extends Schema.TaggedError<BadGateway>()("BadGateway", fields) {}
export const BadGatewayJson = onTheWire(
  BadGateway,
  502,
  "The language model provider failed or gave an unusable answer"
)

export class GatewayTimeout extends Schema.TaggedError<GatewayTimeout>()("GatewayTimeout", fields) {}
export const GatewayTimeoutJson = onTheWire(
  GatewayTimeout,
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
