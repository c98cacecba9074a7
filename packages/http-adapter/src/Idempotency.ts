/**
 * Idempotent retries over HTTP (`Idempotency-Key` on POST, PATCH and DELETE).
 * It wraps the whole app where answers are final (errors encoded, CORS
 * applied), so what it keeps is exactly what was sent: the first request
 * runs, its answer is kept through the domain's IdempotentRequests, and a
 * retry gets that answer again with `Idempotent-Replayed: true`. The key
 * belongs to the caller: the user or agent behind the bearer token, or,
 * without one, the client address. A request whose credentials do not hold
 * is passed on untouched (it is answered 401 anyway).
 */
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import {
  Accounts,
  type Executed,
  IdempotencyKeyInUse,
  IdempotencyKeyReused,
  IdempotentRequests,
  parseIdempotencyKey
} from "@holonet/domain"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { promisify } from "node:util"
import { gunzip } from "node:zlib"
import { recordPrincipal } from "./AccessLog.js"
import { clientAddress } from "./ClientAddress.js"

const gunzipAsync = promisify(gunzip)

const idempotentMethods = new Set(["POST", "PATCH", "DELETE"])

export const keyHeader = "idempotency-key"
export const replayedHeader = "idempotent-replayed"

/**
 * Headers not kept: the bytes on the wire, which the replay sets anew, and
 * the rate-limit state, which describes the moment of the first answer.
 */
const transportHeaders = new Set([
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "x-request-id",
  "ratelimit",
  "ratelimit-policy",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset"
])

const KeptAnswer = Schema.parseJson(Schema.Struct({
  status: Schema.Number,
  headers: Schema.Record({ key: Schema.String, value: Schema.String }),
  contentType: Schema.optional(Schema.String),
  body: Schema.optional(Schema.String)
}))
const encodeAnswer = Schema.encodeSync(KeptAnswer)
const decodeAnswer = Schema.decodeUnknown(KeptAnswer)

const json = (status: number, body: unknown) => HttpServerResponse.unsafeJson(body, { status })

const invalidKey = (msg: string) =>
  json(422, { detail: [{ type: "value_error", loc: ["header", "Idempotency-Key"], msg }] })

const bearerPrefix = /^bearer /i

/** Who the key belongs to; None when the credentials sent do not hold. */
const scopeOf = (request: HttpServerRequest.HttpServerRequest, trustProxy: boolean) =>
  Effect.flatMap(Accounts, (accounts) => {
    const header = request.headers["authorization"]
    if (header === undefined) return Effect.succeed(Option.some(`client:${clientAddress(request, trustProxy)}`))
    if (!bearerPrefix.test(header)) return Effect.succeed(Option.none())
    return accounts.authenticate(Redacted.make(header.slice(7).trim())).pipe(
      // A replay never reaches the bearer middlewares, so the access log learns the caller here.
      Effect.tap((user) => recordPrincipal(user.id)),
      Effect.map((user) => Option.some(`principal:${user.id}`)),
      Effect.orElseSucceed(() => Option.none<string>())
    )
  })

/** The body, read once (up to `maxBytes`); None when it is larger. */
const readBody = (request: HttpServerRequest.HttpServerRequest, maxBytes: number) =>
  Stream.runFold(request.stream, { size: 0, chunks: Chunk.empty<Uint8Array>() }, (acc, chunk) => {
    const size = acc.size + chunk.length
    return { size, chunks: size > maxBytes ? Chunk.empty() : Chunk.append(acc.chunks, chunk) }
  }).pipe(
    Effect.map((read) =>
      read.size > maxBytes ? Option.none() : Option.some(Buffer.concat(Chunk.toReadonlyArray(read.chunks)))
    )
  )

/** The answer as kept: None for the answers a retry must run again (5xx, 429) and bodies that are not bytes. */
const toKept = (response: HttpServerResponse.HttpServerResponse) =>
  Effect.gen(function*() {
    if (response.status >= 500 || response.status === 429) return Option.none<string>()
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(response.headers)) {
      // CORS headers belong to each request's origin: CORS adds them afresh to a replay.
      if (!transportHeaders.has(name) && !name.startsWith("access-control-") && name !== "vary") {
        headers[name] = value
      }
    }
    const body = response.body
    if (body._tag === "Empty") return Option.some(encodeAnswer({ status: response.status, headers }))
    if (body._tag !== "Uint8Array") return Option.none<string>()
    const bytes = response.headers["content-encoding"] === "gzip"
      ? yield* Effect.promise(() => gunzipAsync(body.body))
      : body.body
    return Option.some(encodeAnswer({
      status: response.status,
      headers,
      contentType: body.contentType,
      body: Buffer.from(bytes).toString("base64")
    }))
  })

/**
 * The request with its body already read, for the app inside. It must stay
 * the server's own request object underneath: the server writes the answer
 * to the connection that object holds, so a request rebuilt from scratch
 * (as the policies do deeper inside) cannot be used out here. Only the body
 * accessors and the length headers are replaced; the rest is inherited.
 */
const withBody = (request: HttpServerRequest.HttpServerRequest, body: Buffer): HttpServerRequest.HttpServerRequest => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (name !== "transfer-encoding" && name !== "content-length") headers[name] = value
  }
  headers["content-length"] = String(body.length)
  const bytes = new Uint8Array(body)
  const view: HttpServerRequest.HttpServerRequest = Object.create(request, {
    headers: { value: headers },
    text: { value: Effect.succeed(body.toString("utf8")) },
    arrayBuffer: { value: Effect.succeed(bytes.buffer) },
    stream: { value: Stream.succeed(bytes) }
  })
  return view
}

const replay = (answer: string) =>
  Effect.map(Effect.orDie(decodeAnswer(answer)), (kept) => {
    const options = { status: kept.status, headers: { ...kept.headers, [replayedHeader]: "true" } }
    return kept.body === undefined
      ? HttpServerResponse.empty(options)
      : HttpServerResponse.uint8Array(Buffer.from(kept.body, "base64"), {
        ...options,
        ...(kept.contentType === undefined ? {} : { contentType: kept.contentType })
      })
  })

/**
 * An answer this middleware makes itself. Out here, around the app, the
 * server writes it without running the pre-response handlers (the request
 * id, the CORS headers of the asking origin) as it does for the app's own
 * answers, so they are run here.
 */
/** What `HttpMiddleware.cors(...)` returns. */
export type CorsMiddleware = <E, R>(app: HttpApp.Default<E, R>) => HttpApp.Default<E, R>

const finishWith = (cors: CorsMiddleware) => (response: HttpServerResponse.HttpServerResponse) =>
  Effect.flatMap(
    Effect.zipRight(cors(Effect.succeed(response)), FiberRef.get(HttpApp.currentPreResponseHandlers)),
    Option.match({
      onNone: () => Effect.succeed(response),
      onSome: (handler) =>
        Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => Effect.orDie(handler(request, response)))
    })
  )

const answerOf = (
  executed: Executed<HttpServerResponse.HttpServerResponse>,
  finish: (
    response: HttpServerResponse.HttpServerResponse
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest>
) => executed._tag === "Fresh" ? Effect.succeed(executed.value) : Effect.flatMap(replay(executed.answer), finish)

export interface IdempotencyOptions {
  readonly maxBodyBytes: number
  readonly trustProxy: boolean
  /** The API's CORS middleware, for the answers made here. */
  readonly cors: CorsMiddleware
}

/** Wraps the app: requests with an Idempotency-Key run once per key and caller. */
export const middleware = (options: IdempotencyOptions) => <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const raw = request.headers[keyHeader]
    if (raw === undefined || !idempotentMethods.has(request.method)) return yield* app
    const finish = finishWith(options.cors)
    const key = parseIdempotencyKey(raw)
    if (Either.isLeft(key)) return yield* finish(invalidKey(key.left.reason))
    const declared = request.headers["content-length"]
    // Too large: the request policies answer 413 without reading it.
    if (declared !== undefined && Number(declared) > options.maxBodyBytes) return yield* app
    const scope = yield* scopeOf(request, options.trustProxy)
    if (Option.isNone(scope)) return yield* app
    const body = yield* Effect.option(readBody(request, options.maxBodyBytes))
    if (Option.isNone(body)) {
      return yield* finish(json(400, { detail: "Could not read the request body", code: "bad_request" }))
    }
    if (Option.isNone(body.value)) {
      return yield* finish(json(413, { detail: "Request body too large", code: "payload_too_large" }))
    }
    const bytes = body.value.value
    const described = Buffer.concat([Buffer.from(`${request.method} ${request.url}\n`, "utf8"), bytes])
    const rebuilt = withBody(request, bytes)
    const idempotent = yield* IdempotentRequests
    const work = Effect.provideService(app, HttpServerRequest.HttpServerRequest, rebuilt).pipe(
      Effect.flatMap((response) => Effect.map(toKept(response), (kept) => ({ response, kept })))
    )
    return yield* idempotent.run({ scope: scope.value, key: key.right, request: described }, work, (r) => r.kept).pipe(
      Effect.flatMap((executed) =>
        answerOf(executed._tag === "Fresh" ? { _tag: "Fresh", value: executed.value.response } : executed, finish)
      ),
      Effect.catchIf(
        (error): error is IdempotencyKeyReused | IdempotencyKeyInUse =>
          error instanceof IdempotencyKeyReused || error instanceof IdempotencyKeyInUse,
        (error) =>
          finish(
            error instanceof IdempotencyKeyReused
              ? json(422, { detail: error.message, code: "idempotency_key_reused" })
              : json(409, { detail: error.message, code: "idempotency_key_in_use" })
          )
      )
    )
  })
