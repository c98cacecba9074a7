/**
 * WebhookTransportNode.send against real receivers on 127.0.0.1 (node:http,
 * port 0, closed by a finalizer), with a stub resolver so no DNS query or
 * packet leaves the machine: the POST arrives at the checked address with the
 * original Host and a signature the official `standardwebhooks` package
 * accepts; a name that resolves to a private address at send time is refused
 * before any connection; non-2xx, redirects (not followed), slow receivers
 * and endless answers all end as Failed or Delivered within bounds.
 */
import { describe, expect, it } from "@effect/vitest"
import { type WebhookMessage, WebhookTransport } from "@holonet/domain"
import { Deferred, Effect, Redacted, Runtime } from "effect"
import { readFileSync } from "node:fs"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { createServer as createTlsServer } from "node:https"
import { createSecureContext } from "node:tls"
import { Webhook } from "standardwebhooks"
import { WebhookTransportNode } from "../src/index.js"

interface Received {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage["headers"]
  readonly body: string
}

/** A receiver on 127.0.0.1 answering with `answer`; counts connections and records every request. */
const receiver = (answer: (request: IncomingMessage, response: ServerResponse) => void) =>
  Effect.gen(function*() {
    const received: Array<Received> = []
    const connections = { count: 0 }
    const server = createServer((request, response) => {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        received.push({
          method: request.method ?? "",
          url: request.url ?? "",
          headers: request.headers,
          body: Buffer.concat(chunks).toString("utf8")
        })
        answer(request, response)
      })
    })
    server.on("connection", () => {
      connections.count += 1
    })
    const port = yield* Effect.acquireRelease(
      Effect.async<number>((resume) => {
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0))
        })
      }),
      () =>
        Effect.async<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    return { port, received, connections }
  })

/** Answers `hooks.test` with these addresses, one list per call (the last one repeats). */
const resolverAnswering = (...answers: ReadonlyArray<ReadonlyArray<string>>) => {
  const asked: Array<string> = []
  const resolve: WebhookTransportNode.Resolver = (host) => {
    asked.push(host)
    const addresses = answers[Math.min(asked.length, answers.length) - 1] ?? []
    return host === "hooks.test"
      ? Effect.succeed(addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })))
      : Effect.fail(new WebhookTransportNode.HostNotResolved({ host }))
  }
  return { asked, resolve }
}

/**
 * An https receiver on 127.0.0.1 with a self-signed certificate for
 * hooks.test (test/fixtures, made for these tests only); records the TLS
 * server name each client asks for.
 */
const tlsReceiver = Effect.gen(function*() {
  const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url))
  const key = fixture("hooks.test.key")
  const cert = fixture("hooks.test.crt")
  const serverNames: Array<string> = []
  const handshakes = { count: 0 }
  const server = createTlsServer({
    key,
    cert,
    SNICallback: (servername, callback) => {
      serverNames.push(servername)
      callback(null, createSecureContext({ key, cert }))
    }
  }, (_, response) => response.writeHead(200).end())
  server.on("connection", () => {
    handshakes.count += 1
  })
  const port = yield* Effect.acquireRelease(
    Effect.async<number>((resume) => {
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0))
      })
    }),
    () =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )
  return { port, serverNames, handshakes }
})

const local = { allowHttp: true, allowPrivate: true }

const secret = Redacted.make(`whsec_${Buffer.from("a test secret of thirty-two bytes").toString("base64")}`)

const messageTo = (url: string, overrides: Partial<WebhookMessage> = {}): WebhookMessage => ({
  url,
  id: "msg_2W7xvh1ZpTQyA9bNk",
  timestampSeconds: Math.floor(Date.now() / 1000),
  body: JSON.stringify({ type: "post.created", data: { id: "p1", title: "Hello" } }),
  secret,
  ...overrides
})

const sendWith = (options: WebhookTransportNode.Options, message: WebhookMessage) =>
  Effect.flatMap(WebhookTransport, (transport) => transport.send(message)).pipe(
    Effect.provide(WebhookTransportNode.layer(options))
  )

describe("WebhookTransportNode.send", () => {
  it.scopedLive("POSTs to the checked address with the original Host and a signature standardwebhooks verifies", () =>
    Effect.gen(function*() {
      const hook = yield* receiver((_, response) => response.writeHead(204).end())
      const dns = resolverAnswering(["127.0.0.1"])
      const message = messageTo(`http://hooks.test:${hook.port}/in/holonet?v=1`)
      const outcome = yield* sendWith({ ...local, resolve: dns.resolve }, message)

      expect(outcome).toEqual({ _tag: "Delivered", statusCode: 204 })
      expect(dns.asked).toEqual(["hooks.test"])
      expect(hook.received).toHaveLength(1)
      const [request] = hook.received
      expect(request?.method).toBe("POST")
      expect(request?.url).toBe("/in/holonet?v=1")
      expect(request?.body).toBe(message.body)
      const headers = request?.headers ?? {}
      expect(headers["host"]).toBe(`hooks.test:${hook.port}`)
      expect(headers["content-type"]).toBe("application/json")
      expect(headers["user-agent"]).toBe("Holonet-Webhooks/1")
      expect(headers["webhook-id"]).toBe(message.id)
      expect(headers["webhook-timestamp"]).toBe(String(message.timestampSeconds))
      expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/)
      expect(JSON.stringify(headers)).not.toContain(Redacted.value(secret).slice("whsec_".length))

      const signed = {
        "webhook-id": String(headers["webhook-id"]),
        "webhook-timestamp": String(headers["webhook-timestamp"]),
        "webhook-signature": String(headers["webhook-signature"])
      }
      expect(new Webhook(Redacted.value(secret)).verify(request?.body ?? "", signed)).toEqual(JSON.parse(message.body))
      // The check has teeth: another secret, or a changed body, does not verify.
      const otherSecret = `whsec_${Buffer.from("another secret, thirty-two bytes").toString("base64")}`
      expect(() => new Webhook(otherSecret).verify(request?.body ?? "", signed)).toThrow()
      expect(() => new Webhook(Redacted.value(secret)).verify(`${request?.body ?? ""} `, signed)).toThrow()
    }))

  it.scopedLive("a name that resolves to a public address at check and a private one at send is refused, unconnected", () =>
    Effect.gen(function*() {
      const hook = yield* receiver((_, response) => response.writeHead(200).end())
      const dns = resolverAnswering(["93.184.216.34"], ["127.0.0.1"])
      const options = { allowHttp: true, allowPrivate: false, resolve: dns.resolve }
      const url = `http://hooks.test:${hook.port}/hook`

      yield* Effect.flatMap(WebhookTransport, (transport) => transport.check(url)).pipe(
        Effect.provide(WebhookTransportNode.layer(options))
      )
      const outcome = yield* sendWith(options, messageTo(url))

      expect(outcome).toEqual({
        _tag: "Failed",
        statusCode: null,
        error: "the host name resolves to a private or reserved address"
      })
      expect(dns.asked).toEqual(["hooks.test", "hooks.test"])
      expect(hook.connections.count).toBe(0)
      expect(hook.received).toEqual([])
    }))

  it.scopedLive("a literal private address is refused at send without allowPrivate, unconnected", () =>
    Effect.gen(function*() {
      const hook = yield* receiver((_, response) => response.writeHead(200).end())
      const outcome = yield* sendWith(
        { allowHttp: true, allowPrivate: false },
        messageTo(`http://127.0.0.1:${hook.port}/hook`)
      )
      expect(outcome).toEqual({ _tag: "Failed", statusCode: null, error: "the address is private or reserved" })
      expect(hook.connections.count).toBe(0)
    }))

  it.scopedLive("a 500 is Failed with its status and a short excerpt of the answer", () =>
    Effect.gen(function*() {
      const hook = yield* receiver((_, response) => response.writeHead(500).end("database\x00 down\n"))
      const outcome = yield* sendWith(local, messageTo(`http://127.0.0.1:${hook.port}/hook`))
      expect(outcome).toEqual({ _tag: "Failed", statusCode: 500, error: "the receiver answered 500: database down" })
      expect(hook.received).toHaveLength(1)
    }))

  it.scopedLive("a 302 is Failed and its target is never requested", () =>
    Effect.gen(function*() {
      const hook = yield* receiver((request, response) => {
        if (request.url === "/hook") response.writeHead(302, { location: "/elsewhere" }).end()
        else response.writeHead(200).end()
      })
      const outcome = yield* sendWith(local, messageTo(`http://127.0.0.1:${hook.port}/hook`))
      expect(outcome).toEqual({ _tag: "Failed", statusCode: 302, error: "redirect not followed" })
      expect(hook.received.map((request) => request.url)).toEqual(["/hook"])
    }))

  it.scopedLive("a receiver that does not answer in time is Failed with a timeout", () =>
    Effect.gen(function*() {
      // Never answers; the finalizer closes the connection.
      const hook = yield* receiver(() => {})
      const outcome = yield* sendWith(
        { ...local, timeout: "200 millis" },
        messageTo(`http://127.0.0.1:${hook.port}/hook`)
      )
      expect(outcome).toEqual({ _tag: "Failed", statusCode: null, error: "timed out" })
    }))

  it.scopedLive("an endless answer is read only up to the cap, then the connection is dropped", () =>
    Effect.gen(function*() {
      const dropped = yield* Deferred.make<void>()
      const runtime = yield* Effect.runtime()
      const chunk = Buffer.alloc(16 * 1024, "x")
      const hook = yield* receiver((_, response) => {
        response.writeHead(500)
        let open = true
        response.on("close", () => {
          open = false
          Runtime.runSync(runtime)(Deferred.succeed(dropped, undefined))
        })
        const pump = () => {
          while (open && response.write(chunk)) {
            // keep writing until the socket pushes back
          }
        }
        response.on("drain", pump)
        pump()
      })
      const outcome = yield* sendWith(
        { ...local, maxResponseBytes: 1024, timeout: "20 seconds" },
        messageTo(`http://127.0.0.1:${hook.port}/hook`)
      )
      // Only a client that stops reading can finish: the answer never ends.
      expect(outcome._tag).toBe("Failed")
      expect(outcome.statusCode).toBe(500)
      expect(outcome._tag === "Failed" ? outcome.error : "").toBe(`the receiver answered 500: ${"x".repeat(200)}`)
      yield* Deferred.await(dropped)
    }))

  it.scopedLive("nothing listening is Failed with connection refused", () =>
    Effect.gen(function*() {
      // A receiver's port after the receiver closed: nothing listens there now.
      const closed = yield* Effect.scoped(receiver(() => {}))
      const outcome = yield* sendWith(local, messageTo(`http://127.0.0.1:${closed.port}/hook`))
      expect(outcome).toEqual({ _tag: "Failed", statusCode: null, error: "connection refused" })
    }))

  it.scopedLive("an id with a line break is Failed before anything is sent", () =>
    Effect.gen(function*() {
      const hook = yield* receiver((_, response) => response.writeHead(200).end())
      const outcome = yield* sendWith(
        local,
        messageTo(`http://127.0.0.1:${hook.port}/hook`, { id: "msg_1\r\nx-injected: yes" })
      )
      expect(outcome).toEqual({ _tag: "Failed", statusCode: null, error: "the message has an invalid id or timestamp" })
      expect(hook.connections.count).toBe(0)
    }))

  it.scopedLive("https: the TLS server name is the URL's host, and an untrusted certificate is Failed", () =>
    Effect.gen(function*() {
      const hook = yield* tlsReceiver
      const dns = resolverAnswering(["127.0.0.1"])
      const outcome = yield* sendWith(
        { allowHttp: false, allowPrivate: true, resolve: dns.resolve },
        messageTo(`https://hooks.test:${hook.port}/hook`)
      )
      expect(outcome).toEqual({ _tag: "Failed", statusCode: null, error: "TLS certificate not accepted" })
      expect(hook.serverNames).toEqual(["hooks.test"])
    }))

  it.scopedLive("https to a literal address sends no server name and still verifies the certificate", () =>
    Effect.gen(function*() {
      const hook = yield* tlsReceiver
      const outcome = yield* sendWith(
        { allowHttp: false, allowPrivate: true },
        messageTo(`https://127.0.0.1:${hook.port}/hook`)
      )
      expect(outcome).toEqual({ _tag: "Failed", statusCode: null, error: "TLS certificate not accepted" })
      expect(hook.handshakes.count).toBe(1)
      expect(hook.serverNames).toEqual([])
    }))

  it.effect("makeSecret: whsec_ and the base64 of 32 random bytes, hidden when printed", () =>
    Effect.gen(function*() {
      const transport = yield* WebhookTransport
      const first = yield* transport.makeSecret
      const second = yield* transport.makeSecret
      const value = Redacted.value(first)
      expect(value).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
      expect(Buffer.from(value.slice("whsec_".length), "base64")).toHaveLength(32)
      expect(Redacted.value(second)).not.toBe(value)
      expect(String(first)).not.toContain(value.slice(6))
      expect(JSON.stringify({ first })).not.toContain(value.slice(6))
    }).pipe(Effect.provide(WebhookTransportNode.layer({ allowHttp: false, allowPrivate: false }))))
})
