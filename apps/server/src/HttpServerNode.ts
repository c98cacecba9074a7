/**
 * The Node HTTP server with a graceful stop: on shutdown it stops accepting,
 * lets in-flight requests finish, answers late requests on kept-alive
 * connections with 503 + `Connection: close`, and after the deadline closes
 * whatever is still open, so the process always exits.
 */
import { HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Duration, Effect, Layer } from "effect"
import { createServer } from "node:http"

export interface ServerOptions {
  readonly port: number
  readonly host: string
  readonly shutdownTimeout: Duration.DurationInput
}

export const layer = (options: ServerOptions) =>
  Layer.scoped(
    HttpServer.HttpServer,
    Effect.gen(function*() {
      const server = createServer()
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
