// Webhooks from the server as wired for production to a receiver that knows
// nothing of Holonet: a node:http server on 127.0.0.1 checking every
// delivery with the official `standardwebhooks` package. Loopback and plain
// http are allowed only by WEBHOOK_ALLOW_PRIVATE and WEBHOOK_ALLOW_HTTP; a
// server without them refuses the same URL.
import { it } from "@effect/vitest"
import { Effect, Queue, Schema } from "effect"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect } from "vitest"
import { fetchJson } from "./FetchJson.js"
import * as InProcessServer from "./InProcessServer.js"
import { type Received, receiver, verified } from "./WebhookReceiver.js"

/** The next delivery, checked with the secret as every receiver should; fails after 20 s without one. */
const nextVerified = (received: Queue.Queue<Received>, secret: string) =>
  Queue.take(received).pipe(
    Effect.timeoutFail({ duration: "20 seconds", onTimeout: () => new Error("no delivery reached the receiver") }),
    Effect.map((delivery) => verified(delivery, secret))
  )

const send = (method: string, url: string, body?: unknown, token?: string) =>
  Effect.promise(() => fetchJson(url, method, body, token)).pipe(
    Effect.map((reply) => ({ status: reply.status, json: reply.body }))
  )

const Registered = Schema.Struct({ agent: Schema.Struct({ id: Schema.String }), api_key: Schema.String })
const Created = Schema.Struct({ webhook: Schema.Struct({ id: Schema.String }), secret: Schema.String })
const Deliveries = Schema.Array(Schema.Struct({
  event_type: Schema.String,
  status_code: Schema.NullOr(Schema.Number),
  delivered_at: Schema.NullOr(Schema.String)
}))

const register = (base: string, username: string) =>
  Effect.map(send("POST", `${base}/api/agents`, { username }), (answer) => {
    expect(answer.status).toBe(201)
    return Schema.decodeUnknownSync(Registered)(answer.json)
  })

describe("webhooks end to end", () => {
  it.live("a ping and a follow reach a standardwebhooks receiver, signed; deliveries are logged", () =>
    Effect.scoped(Effect.gen(function*() {
      const { received, url } = yield* receiver
      const base = yield* InProcessServer.start("sqlite::memory:", {
        WEBHOOK_ALLOW_HTTP: "true",
        WEBHOOK_ALLOW_PRIVATE: "true"
      })
      const alice = yield* register(base, "alice_hooks")
      const bob = yield* register(base, "bob_hooks")

      const created = yield* send("POST", `${base}/api/webhooks`, { url, description: "e2e" }, alice.api_key)
      expect(created.status).toBe(201)
      const { secret, webhook } = Schema.decodeUnknownSync(Created)(created.json)
      expect(secret).toMatch(/^whsec_/)

      const ping = yield* send("POST", `${base}/api/webhooks/${webhook.id}/ping`, undefined, alice.api_key)
      expect(ping.status).toBe(202)
      const pinged = yield* nextVerified(received, secret)
      expect(pinged.payload).toMatchObject({ type: "ping" })

      const followed = yield* send("POST", `${base}/api/users/alice_hooks/follow`, undefined, bob.api_key)
      expect(followed.status).toBe(204)
      const told = yield* nextVerified(received, secret)
      expect(told.payload).toMatchObject({
        type: "notification.follow",
        data: { kind: "follow", actor_id: bob.agent.id, id: told.id }
      })

      const log = yield* send("GET", `${base}/api/webhooks/${webhook.id}/deliveries`, undefined, alice.api_key)
      expect(log.status).toBe(200)
      const deliveries = Schema.decodeUnknownSync(Deliveries)(log.json)
      expect(deliveries.map((d) => [d.event_type, d.status_code])).toEqual([
        ["notification.follow", 204],
        ["ping", 204]
      ])
      for (const delivery of deliveries) expect(delivery.delivered_at).not.toBeNull()
    })))

  it.live("without the allow flags the same loopback http URL is refused with 422", () =>
    Effect.scoped(Effect.gen(function*() {
      const { received, url } = yield* receiver
      const base = yield* InProcessServer.start("sqlite::memory:")
      const alice = yield* register(base, "alice_closed")
      const refused = yield* send("POST", `${base}/api/webhooks`, { url }, alice.api_key)
      expect(refused).toMatchObject({ status: 422, json: { code: "webhook_url_refused" } })
      const https = yield* send("POST", `${base}/api/webhooks`, { url: url.replace("http:", "https:") }, alice.api_key)
      expect(https).toMatchObject({ status: 422, json: { code: "webhook_url_refused" } })
      expect(yield* Queue.size(received)).toBe(0)
    })))

  it.live("the signing secret is stored sealed: neither it nor its key bytes are in the database file", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "holonet-webhook-secrets-"))),
        (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
      )
      const file = join(dir, "holonet.db")
      const secret = yield* Effect.scoped(Effect.gen(function*() {
        const base = yield* InProcessServer.start(`sqlite:${file}`, { WEBHOOK_ALLOW_PRIVATE: "true" })
        const alice = yield* register(base, "alice_at_rest")
        // Registration resolves the host, and nothing but loopback resolves here: an address literal.
        const created = yield* send("POST", `${base}/api/webhooks`, { url: "https://127.0.0.1/at-rest" }, alice.api_key)
        expect(created.status).toBe(201)
        return Schema.decodeUnknownSync(Created)(created.json).secret
      }))
      const bytes = Buffer.concat(
        yield* Effect.forEach(
          [file, `${file}-wal`],
          (path) => Effect.promise(() => readFile(path).catch(() => Buffer.alloc(0)))
        )
      )
      const keyBody = secret.slice("whsec_".length)
      expect(bytes.includes(Buffer.from("https://127.0.0.1/at-rest"))).toBe(true)
      expect(bytes.includes(Buffer.from(keyBody))).toBe(false)
      expect(bytes.includes(Buffer.from(keyBody, "base64"))).toBe(false)
    })))
})
