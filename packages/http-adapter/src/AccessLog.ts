/**
 * The HTTP server with request ids and the access log. Every response carries
 * an `X-Request-Id`, every log line written while a request is served carries
 * that id as `request_id`, and, when the access log is on, each request
 * leaves one line with its method, path, status, duration and caller as
 * annotations (fields in the json and logfmt output).
 *
 * The per-request middleware wraps the server's error handling, which has
 * already sent the response by the time the middleware sees it. So the header
 * is set by a pre-response hook: every answer passes it (handlers' responses,
 * encoded errors, 404s, the policies' 413 and 415, the 500 of a defect, CORS
 * preflights), and it also notes the status that was sent.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as HashMap from "effect/HashMap"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import { requestIdFrom, requestIdHeader } from "./RequestId.js"
import { pathOf } from "./RequestPath.js"

/** What the access log learns about a request while it is served. */
interface RequestRecord {
  readonly requestId: string
  /** Filled in by the bearer middlewares once they know the caller. */
  principalId: string | undefined
  /** Filled in by the pre-response hook. */
  status: number | undefined
}

/**
 * The record of the request this fiber serves. The bearer middlewares run
 * deep inside the API, where what they provide is out of this middleware's
 * sight; they write the caller into this shared record instead. Each request
 * is served by its own fiber and a FiberRef's value belongs to its fiber (a
 * child fiber gets the same record), so concurrent requests never see each
 * other's record.
 */
const currentRequest = FiberRef.unsafeMake<RequestRecord | undefined>(undefined)

/** Tells the access log who the authenticated caller is; does nothing outside a request. */
export const recordPrincipal = (id: string): Effect.Effect<void> =>
  Effect.withFiberRuntime((fiber) => {
    const record = fiber.getFiberRef(currentRequest)
    if (record !== undefined) record.principalId = id
    return Effect.void
  })

/** The status that was sent; the fallback is for a request that ended without passing the hook. */
const sentStatus = (record: RequestRecord, exit: Exit.Exit<HttpServerResponse.HttpServerResponse, unknown>) => {
  if (record.status !== undefined) return Effect.succeed(record.status)
  if (Exit.isSuccess(exit)) return Effect.succeed(exit.value.status)
  return Effect.map(HttpServerError.causeResponse(exit.cause), ([response]) => response.status)
}

const logRequest = (
  request: HttpServerRequest.HttpServerRequest,
  record: RequestRecord,
  started: number,
  exit: Exit.Exit<HttpServerResponse.HttpServerResponse, unknown>
) =>
  Effect.flatMap(sentStatus(record, exit), (status) => {
    const fields: Record<string, unknown> = {
      method: request.method,
      // No query string: queries hold what people search for (`/api/search?q=`).
      path: pathOf(request.url),
      status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100
    }
    if (record.principalId !== undefined) fields["principal_id"] = record.principalId
    return Effect.annotateLogs(
      Effect.logWithLevel(status >= 500 ? LogLevel.Error : LogLevel.Info, "Sent HTTP response"),
      fields
    )
  })

/** Sets the id of the request this fiber serves on its response, and notes the status sent. */
const stampRequestId: HttpApp.PreResponseHandler = (_request, response) =>
  Effect.withFiberRuntime((fiber) => {
    const record = fiber.getFiberRef(currentRequest)
    if (record === undefined) return Effect.succeed(response)
    record.status = response.status
    return Effect.succeed(HttpServerResponse.setHeader(response, requestIdHeader, record.requestId))
  })

/**
 * Opens the request's record. Its fiber serves this one request and ends with
 * it, so the fiber's refs are set outright, with nothing to restore (as the
 * platform's CORS middleware does with its hook).
 */
const openRecord =
  (options: { readonly accessLog: boolean }) => <E, R>(app: HttpApp.Default<E, R>): HttpApp.Default<E, R> =>
    Effect.withFiberRuntime((fiber) => {
      const request = Context.unsafeGet(fiber.currentContext, HttpServerRequest.HttpServerRequest)
      const started = performance.now()
      const record: RequestRecord = {
        requestId: requestIdFrom(request.headers[requestIdHeader]),
        principalId: undefined,
        status: undefined
      }
      const served = FiberRef.set(currentRequest, record).pipe(
        Effect.zipRight(FiberRef.update(
          FiberRef.currentLogAnnotations,
          (annotations) => HashMap.set(annotations, "request_id", record.requestId)
        )),
        Effect.zipRight(app)
      )
      return options.accessLog ? Effect.onExit(served, (exit) => logRequest(request, record, started, exit)) : served
    })

/**
 * `HttpApiBuilder.serve` with request ids and, when `accessLog` is on, the
 * access log, around `inner`. The hook is installed once for the whole server, where request
 * fibers inherit it, rather than by each request: every FiberRef a request
 * sets costs it a few microseconds.
 */
export const serveWithAccessLog = <R = never>(
  options: { readonly accessLog: boolean },
  /** Wraps the app inside the record (the idempotent retries), where answers are final. */
  inner: (app: HttpApp.Default) => HttpApp.Default<never, R> = (app) => app
) =>
  HttpApiBuilder.serve((app) => openRecord(options)(inner(app))).pipe(
    Layer.locallyWith(HttpApp.currentPreResponseHandlers, (installed) =>
      Option.some(Option.match(installed, {
        onNone: () => stampRequestId,
        onSome: (previous): HttpApp.PreResponseHandler => (request, response) =>
          Effect.flatMap(previous(request, response), (stamped) => stampRequestId(request, stamped))
      })))
  )
