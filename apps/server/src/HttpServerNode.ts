/**
 * The Node HTTP server with a graceful stop: on shutdown it stops accepting,
 * lets in-flight requests finish, answers late requests on kept-alive
 * connections with 503 + `Connection: close`, and after the deadline closes
 * whatever is still open, so the process always exits. Requests Node itself
 * refuses before the API sees them (headers over 16 KiB, malformed HTTP) get
 * the same JSON error body as every other error instead of Node's empty one.
 */
import * as HttpServer from "@effect/platform/HttpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { createServer } from "node:http"
import type { Duplex } from "node:stream"

export interface ServerOptions {
  readonly port: number
  readonly host: string
  readonly shutdownTimeout: Duration.DurationInput
}

/** Status, reason phrase and detail for an error of Node's HTTP parser, as Node's own handler picks the status. */
const clientErrorAnswer = (code: unknown): readonly [number, string, string] => {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return [431, "Request Header Fields Too Large", "Request headers too large"]
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return [413, "Payload Too Large", "Request body too large"]
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return [408, "Request Timeout", "Request timed out"]
    default:
      return [400, "Bad Request", "Malformed HTTP request"]
  }
}

/** Answers a request Node could not parse with a JSON `{detail}` and closes the connection. */
export const answerClientError = (error: Error, socket: Duplex) => {
  const code = "code" in error ? error.code : undefined
  if (code === "ECONNRESET" || !socket.writable) {
    socket.destroy()
    return
  }
  const [status, reason, detail] = clientErrorAnswer(code)
  const body = JSON.stringify({ detail })
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${
      Buffer.byteLength(body)
    }\r\nconnection: close\r\n\r\n${body}`
  )
}

export const layer = (options: ServerOptions) =>
  Layer.scoped(
    HttpServer.HttpServer,
    Effect.gen(function*() {
      const server = createServer()
      server.on("clientError", answerClientError)
      const httpServer = yield* NodeHttpServer.make(() => server, { port: options.port, host: options.host })
      // Added after the server's own finalizer, so this runs first: it arms the
      // deadline, then the server's finalizer waits for connections to drain.
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          server.on("request", (_req, res) => {
            if (!res.headersSent) {
              res.writeHead(503, { "content-type": "application/json", connection: "close" })
              res.end(JSON.stringify({ detail: "Server is shutting down" }))
            }
          })
          server.closeIdleConnections()
          setTimeout(() => server.closeAllConnections(), Duration.toMillis(options.shutdownTimeout)).unref()
        })
      )
      return httpServer
    })
  ).pipe(Layer.provideMerge(NodeHttpServer.layerContext))
