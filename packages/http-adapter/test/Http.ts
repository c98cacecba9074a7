/**
 * Raw-request helpers for the HTTP tests: the request and setup steps of
 * `@holonet/http-adapter/testing` (re-exported here), plus what only these
 * tests need (raw bytes, chunked bodies, 422 locations, trailing slashes).
 */
import { HttpClient, HttpClientRequest, HttpServer } from "@effect/platform"
import { expect } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as NodeHttp from "node:http"
import { type Reply, send } from "../testing/Http.js"

export * from "../testing/Http.js"

/** Like `send`, but returns the raw bytes (for gzip checks). */
export const sendForBytes = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const bytes = new Uint8Array(yield* response.arrayBuffer)
    return { status: response.status, headers: response.headers, bytes }
  })

const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })
const JsonObjects = Schema.Array(JsonObject)
const ValidationLocs = Schema.Struct({ detail: Schema.Array(Schema.Struct({ loc: Schema.Unknown })) })

export const items = (reply: Reply): ReadonlyArray<Record<string, unknown>> =>
  Schema.decodeUnknownSync(JsonObjects)(reply.body)

/** The `loc` of every entry of a 422 body. */
export const locs = (reply: Reply): ReadonlyArray<unknown> =>
  Schema.decodeUnknownSync(ValidationLocs)(reply.body).detail.map((d) => d.loc)

export const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** The port of the test server, for requests made with node:http directly. */
export const serverPort = Effect.gen(function*() {
  const server = yield* HttpServer.HttpServer
  if (server.address._tag !== "TcpAddress") return yield* Effect.dieMessage("test server is not on TCP")
  return server.address.port
})

/**
 * A request through node:http that sends its body with
 * `Transfer-Encoding: chunked` and no Content-Length, one write per chunk.
 */
export const sendChunked = (options: {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly chunks: ReadonlyArray<Uint8Array>
}) =>
  Effect.flatMap(
    serverPort,
    (port) =>
      Effect.async<
        { status: number; headers: NodeHttp.IncomingHttpHeaders; text: string; sentHeaders: Record<string, unknown> },
        Error
      >((resume) => {
        const request = NodeHttp.request({
          host: "127.0.0.1",
          port,
          method: options.method,
          path: options.path,
          headers: { ...options.headers, "transfer-encoding": "chunked" }
        })
        const sentHeaders = request.getHeaders()
        request.on("error", (error) => resume(Effect.fail(error)))
        request.on("response", (response) => {
          const parts: Array<Buffer> = []
          response.on("data", (part: Buffer) => parts.push(part))
          response.on("error", (error) => resume(Effect.fail(error)))
          response.on("end", () =>
            resume(Effect.succeed({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(parts).toString("utf8"),
              sentHeaders
            })))
        })
        for (const chunk of options.chunks) request.write(chunk)
        request.end()
        return Effect.sync(() => request.destroy())
      })
  )

export const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A route to try twice: `slash` is "" then "/", `i` is 0 then 1 (for routes that consume something). */
export type SlashRoute = readonly [
  status: number,
  make: (slash: string, i: number) => HttpClientRequest.HttpClientRequest
]

/**
 * Every route answers the same with and without a trailing slash, and never
 * by redirecting.
 */
export const expectSlashInsensitive = (routes: ReadonlyArray<SlashRoute>) =>
  Effect.gen(function*() {
    for (const [status, make] of routes) {
      for (const [i, slash] of ["", "/"].entries()) {
        const request = make(slash, i)
        const reply = yield* send(request)
        expect({ route: `${request.method} ${request.url}`, status: reply.status }).toEqual({
          route: `${request.method} ${request.url}`,
          status
        })
        expect(reply.headers["location"]).toBeUndefined()
      }
    }
  })
