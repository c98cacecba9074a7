/**
 * Cross-cutting HTTP behaviour, installed as one HttpApiBuilder middleware so
 * it runs inside every request before errors are encoded:
 * - request guards: body size cap (413, also for chunked bodies) and JSON-only
 *   bodies (415); JSON nested too deeply (422, JsonDepth.ts); on the few routes whose body is optional, no
 *   body reads as `{}`;
 * - error shapes: FastAPI's 422 for bad input, JSON 404 for unknown routes,
 *   a bare JSON 500 for defects (logged, never shown);
 * - response finishing: `WWW-Authenticate` on 401, `Retry-After` on 429 and on a rate-limited 503, gzip
 *   for large bodies.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpApiError from "@effect/platform/HttpApiError"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { ParseResult } from "effect"
import { promisify } from "node:util"
import { gzip } from "node:zlib"
import { HoloApi } from "./Api.js"
import {
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized,
  ValidationError,
  type ValidationIssue
} from "./HttpErrors.js"
import { guardDepth } from "./JsonDepth.js"
import { rateLimitedResponse } from "./RequestLimits.js"
import { pathOf } from "./RequestPath.js"

const gzipAsync = promisify(gzip)

const bodyMethods = new Set(["POST", "PUT", "PATCH", "DELETE"])

/** Routes whose body may be an HTML form instead of JSON (OAuth2 password flow). */
const formRoutes = new Set(["/api/auth/login", "/api/auth/login/"])

/**
 * Routes whose JSON body may be left out entirely ("mark all read" is a bare
 * POST). Node reads an empty body as JSON `null`, which no object schema
 * accepts, so such a request is given the body `{}` before it is decoded.
 */
const optionalBodyRoutes = new Set(["/api/notifications/read", "/api/notifications/read/"])

const jsonError = (status: number, detail: string, code?: string, headers: Record<string, string> = {}) =>
  HttpServerResponse.unsafeJson(code === undefined ? { detail } : { detail, code }, { status, headers })

const tooLarge = jsonError(413, "Request body too large", "payload_too_large")

/**
 * Reads a body sent without Content-Length (chunked) while counting bytes.
 * Past the cap it keeps draining without storing, so that the client still
 * receives a 413 instead of a reset connection.
 */
const readChunked = (request: HttpServerRequest.HttpServerRequest, maxBytes: number) =>
  Stream.runFold(
    request.stream,
    { size: 0, chunks: Chunk.empty<Uint8Array>() },
    (acc, chunk) => {
      const size = acc.size + chunk.length
      return { size, chunks: size > maxBytes ? Chunk.empty() : Chunk.append(acc.chunks, chunk) }
    }
  )

const rebuildWithBody = (
  request: HttpServerRequest.HttpServerRequest,
  body: Uint8Array,
  contentType?: string
) => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (name !== "transfer-encoding" && name !== "content-length") headers.set(name, value)
  }
  headers.set("content-length", String(body.length))
  if (contentType !== undefined) headers.set("content-type", contentType)
  const rebuilt = HttpServerRequest.fromWeb(
    new Request(`http://holonet.local${request.url}`, { method: request.method, headers, body })
  )
  return Option.match(request.remoteAddress, {
    onNone: () => rebuilt,
    onSome: (remoteAddress) => rebuilt.modify({ remoteAddress })
  })
}

const emptyObject = new TextEncoder().encode("{}")

const guardRequest = <R>(app: HttpApp.Default<never, R>, maxBodyBytes: number) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (!bodyMethods.has(request.method)) return yield* app
    const declared = request.headers["content-length"]
    if (declared !== undefined && Number(declared) > maxBodyBytes) return tooLarge
    const contentType = (request.headers["content-type"] ?? "").toLowerCase()
    const chunked = declared === undefined && request.headers["transfer-encoding"] !== undefined
    const hasBody = chunked || (declared !== undefined && Number(declared) > 0)
    if (hasBody && !contentType.startsWith("application/json")) {
      const formAllowed = formRoutes.has(pathOf(request.url)) &&
        contentType.startsWith("application/x-www-form-urlencoded")
      if (!formAllowed) {
        return jsonError(415, "Unsupported media type: send application/json", "unsupported_media_type")
      }
    }
    const limited = HttpIncomingMessage.withMaxBodySize(guardDepth(app), Option.some(maxBodyBytes))
    if (!hasBody && optionalBodyRoutes.has(pathOf(request.url))) {
      return yield* Effect.provideService(
        limited,
        HttpServerRequest.HttpServerRequest,
        rebuildWithBody(request, emptyObject, "application/json")
      )
    }
    if (!chunked) return yield* limited
    const read = yield* readChunked(request, maxBodyBytes).pipe(Effect.option)
    if (Option.isNone(read)) return jsonError(400, "Could not read the request body", "bad_request")
    if (read.value.size > maxBodyBytes) return tooLarge
    return yield* Effect.provideService(
      limited,
      HttpServerRequest.HttpServerRequest,
      rebuildWithBody(request, Buffer.concat(Chunk.toReadonlyArray(read.value.chunks)))
    )
  })

/** Every endpoint's method, path pattern and path parameter names. */
const routes: ReadonlyArray<{ method: string; pattern: RegExp; params: ReadonlySet<string> }> = (() => {
  const found: Array<{ method: string; pattern: RegExp; params: ReadonlySet<string> }> = []
  HttpApi.reflect(HoloApi, {
    onGroup: () => {},
    onEndpoint: ({ endpoint }) => {
      const params = new Set<string>()
      const source = endpoint.path.split("/").map((segment) => {
        if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        params.add(segment.slice(1).replace(/\?$/, ""))
        return "[^/]+"
      }).join("/")
      found.push({ method: endpoint.method, pattern: new RegExp(`^${source}/?$`), params })
    }
  })
  return found
})()

const pathParamsOf = (request: HttpServerRequest.HttpServerRequest): ReadonlySet<string> => {
  const path = pathOf(request.url)
  return routes.find((route) => route.method === request.method && route.pattern.test(path))?.params ?? new Set()
}

/** Where a bad field was: FastAPI prefixes `loc` with body, query or path. */
const locationOf = (request: HttpServerRequest.HttpServerRequest, key: PropertyKey | undefined) => {
  if (typeof key === "string" && pathParamsOf(request).has(key)) return "path"
  const q = request.url.indexOf("?")
  if (typeof key === "string" && q !== -1 && new URLSearchParams(request.url.slice(q + 1)).has(key)) return "query"
  return bodyMethods.has(request.method) ? "body" : "query"
}

/**
 * One entry per offending field, as FastAPI does: a union (a literal set, a
 * nullable field, the JSON-or-form login body) reports once per member, so
 * issues at the same `loc` are merged and their distinct messages joined.
 */
const mergeByLoc = (issues: ReadonlyArray<ValidationIssue>): Array<ValidationIssue> => {
  const merged = new Map<string, { first: ValidationIssue; messages: Array<string> }>()
  for (const issue of issues) {
    const key = JSON.stringify(issue.loc)
    const entry = merged.get(key)
    if (entry === undefined) merged.set(key, { first: issue, messages: [issue.msg] })
    else if (!entry.messages.includes(issue.msg)) entry.messages.push(issue.msg)
  }
  return Array.from(merged.values(), ({ first, messages }) => ({ ...first, msg: messages.join("; ") }))
}

/**
 * FastAPI's 422 entries for decoding issues, `locate` naming where the
 * field was (body, query, path; the MCP tools say "arguments").
 */
export const validationIssues = (
  issues: ReadonlyArray<ParseResult.ArrayFormatterIssue>,
  locate: (key: PropertyKey | undefined) => string
): Array<ValidationIssue> =>
  mergeByLoc(issues.map((issue): ValidationIssue => ({
    // A union reported as one issue is a closed set of values (the
    // domain's `choices`), which FastAPI calls a literal_error.
    type: issue._tag === "Composite" ? "literal_error" : issue._tag.toLowerCase(),
    loc: [locate(issue.path[0]), ...issue.path.map((k) => typeof k === "number" ? k : String(k))],
    msg: issue.message
  })))

const toValidationError = (
  request: HttpServerRequest.HttpServerRequest,
  error: HttpApiError.HttpApiDecodeError
) => new ValidationError({ detail: validationIssues(error.issues, (key) => locationOf(request, key)) })

const shapeErrors = <R>(app: HttpApp.Default<never, R>) =>
  Effect.catchAllCause(app, (cause) =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const failure = Cause.failureOption(cause)
      if (Option.isSome(failure)) {
        const error: unknown = failure.value
        if (error instanceof HttpApiError.HttpApiDecodeError) {
          return yield* Effect.fail(toValidationError(request, error))
        }
        if (error instanceof HttpServerError.RouteNotFound) return jsonError(404, "Not Found", "not_found")
        // Answered here rather than by the API's error encoder so that their
        // headers (the challenge, the wait) travel with them.
        if (error instanceof Unauthorized) {
          return jsonError(401, error.detail, error.code, { "www-authenticate": "Bearer" })
        }
        if (error instanceof TooManyRequests) {
          return error.retryAfterSeconds === undefined
            ? jsonError(429, error.detail, error.code)
            : rateLimitedResponse(error.retryAfterSeconds, error.detail)
        }
        if (error instanceof ServiceUnavailable && error.retryAfterSeconds !== undefined) {
          return jsonError(503, error.detail, error.code, { "retry-after": String(error.retryAfterSeconds) })
        }
        return yield* Effect.failCause(cause)
      }
      const defect = Cause.dieOption(cause)
      if (Option.isSome(defect) && defect.value instanceof HttpServerError.RequestError) {
        // The JSON body could not be parsed (HttpApiBuilder reads it with orDie).
        return yield* Effect.fail(
          new ValidationError({
            detail: [{ type: "json_invalid", loc: ["body"], msg: "Request body is not valid JSON" }]
          })
        )
      }
      if (Option.isSome(defect)) {
        yield* Effect.logError("Unhandled defect", cause)
        return jsonError(500, "Internal Server Error", "internal_error")
      }
      return yield* Effect.failCause(cause)
    }))

/** Whether Accept-Encoding allows gzip; a `q=0` weight refuses it (RFC 9110 §12.5.3). */
const acceptsGzip = (header: string | undefined) =>
  (header ?? "").split(",").some((entry) => {
    const [coding = "", ...params] = entry.split(";").map((part) => part.trim().toLowerCase())
    if (coding !== "gzip") return false
    const weight = params.find((param) => param.startsWith("q="))
    return weight === undefined || Number(weight.slice(2)) > 0
  })

const gzipIfWorthIt = (
  request: HttpServerRequest.HttpServerRequest,
  response: HttpServerResponse.HttpServerResponse,
  gzipMinBytes: number
) => {
  const body = response.body
  if (
    body._tag !== "Uint8Array" || body.body.length < gzipMinBytes ||
    response.headers["content-encoding"] !== undefined ||
    !acceptsGzip(request.headers["accept-encoding"])
  ) {
    return Effect.succeed(response)
  }
  return Effect.map(Effect.promise(() => gzipAsync(body.body)), (zipped) =>
    response.pipe(
      HttpServerResponse.setBody(HttpBody.uint8Array(zipped, body.contentType)),
      HttpServerResponse.setHeader("content-encoding", "gzip"),
      HttpServerResponse.setHeader("vary", "Accept-Encoding")
    ))
}

export interface PolicyOptions {
  readonly maxBodyBytes: number
  readonly gzipMinBytes: number
}

/**
 * All of the above as one middleware, so a request pays for one wrapper:
 * guards, then the API, with failures reshaped and large bodies compressed.
 */
export const layer = (options: PolicyOptions) =>
  HttpApiBuilder.middleware(
    HoloApi,
    (app) =>
      Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
        shapeErrors(guardRequest(app, options.maxBodyBytes)).pipe(
          Effect.flatMap((response) =>
            gzipIfWorthIt(request, response, options.gzipMinBytes)
          )
        ))
  )
