/**
 * A webhook receiver for tests that knows nothing of Holonet: a node:http
 * server on a random loopback port that answers 204 to every POST and
 * queues what it received, closed with the scope; and the check every
 * receiver should make, with the official `standardwebhooks` package.
 */
import { Effect, Queue } from "effect"
import { createServer, type IncomingHttpHeaders } from "node:http"
import { Webhook } from "standardwebhooks"

export interface Received {
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

export const receiver = Effect.gen(function*() {
  const received = yield* Queue.unbounded<Received>()
  const server = yield* Effect.acquireRelease(
    Effect.async<ReturnType<typeof createServer>>((resume) => {
      const server = createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          Queue.unsafeOffer(received, { headers: request.headers, body: Buffer.concat(chunks).toString("utf8") })
          response.writeHead(204).end()
        })
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void))
      })
  )
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return { url: `http://127.0.0.1:${port}/hooks`, received }
})

/** A delivery's id and payload once its signature checks out with `secret`; throws otherwise. */
export const verified = ({ body, headers }: Received, secret: string) => {
  const signed = {
    "webhook-id": String(headers["webhook-id"]),
    "webhook-timestamp": String(headers["webhook-timestamp"]),
    "webhook-signature": String(headers["webhook-signature"])
  }
  const payload: unknown = new Webhook(secret).verify(body, signed)
  return { id: signed["webhook-id"], payload }
}
