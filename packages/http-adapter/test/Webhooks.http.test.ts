/**
 * Webhooks over HTTP with the fake transport (no network): registration
 * with a secret shown once, the per-principal cap, refused URLs, ownership,
 * pings, a notification reaching the recipient's webhook, retries with
 * growing delays, and a webhook turned off after 24 hours of failures. The
 * server does not run the workers in the background: each test drains them,
 * and moves the TestClock (which starts at the epoch) instead of waiting.
 */
import { describe, expect, it } from "@effect/vitest"
import { WebhookTransportFake, WebhookTransportScript } from "@holonet/domain/testing"
import { Effect, Redacted, TestClock } from "effect"
import { del, errorBody, fields, get, items, login, postEmpty, postJson, signUp } from "./Http.js"
import { drainNotifications, drainWebhooks, TestServer } from "@holonet/http-adapter/testing"

const create = (token: string, body: unknown) =>
  Effect.gen(function*() {
    const reply = yield* postJson("/api/webhooks", body, token)
    expect({ status: reply.status, text: reply.text }).toMatchObject({ status: 201 })
    const created = fields(reply)
    const webhook = created["webhook"]
    if (typeof webhook !== "object" || webhook === null || !("id" in webhook)) {
      return yield* Effect.dieMessage(`no webhook in ${reply.text}`)
    }
    return { id: String(webhook.id), webhook, secret: created["secret"] }
  })

const deliveries = (token: string, id: string, query = "") =>
  Effect.gen(function*() {
    const reply = yield* get(`/api/webhooks/${id}/deliveries${query}`, token)
    expect(reply.status).toBe(200)
    return items(reply)
  })

const layer = TestServer.layer({ webhookTransport: WebhookTransportFake.layer({ refusedHosts: ["10.0.0.1"] }) })

describe("POST, GET and DELETE /api/webhooks", () => {
  it.effect("201 with a whsec_ secret shown once; the list never shows it; events default to all kinds", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const { id, secret, webhook } = yield* create(alice.token, {
        url: "https://hooks.example.com/holonet",
        description: "mine"
      })
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/)
      expect(webhook).toEqual({
        id,
        url: "https://hooks.example.com/holonet",
        events: ["reply", "comment_on_post", "mention", "follow"],
        description: "mine",
        active: true,
        failure_count: 0,
        last_success_at: null,
        created_at: "1970-01-01T00:00:00.000Z"
      })
      const listed = yield* get("/api/webhooks", alice.token)
      expect(listed.status).toBe(200)
      expect(items(listed)).toEqual([webhook])
      expect(listed.text).not.toContain("whsec_")
      expect(listed.text).not.toContain("secret")
      const bob = yield* signUp("bob")
      expect(items(yield* get("/api/webhooks", bob.token))).toEqual([])
    }).pipe(Effect.provide(layer)))

  it.effect("the 6th webhook is refused with 422; bad input is 422; no token is 401", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      for (let i = 0; i < 5; i++) yield* create(alice.token, { url: `https://hooks.example.com/${i}` })
      const sixth = yield* postJson("/api/webhooks", { url: "https://hooks.example.com/6" }, alice.token)
      expect({ status: sixth.status, body: sixth.body }).toEqual({
        status: 422,
        body: errorBody("A principal may have at most 5 webhooks", "webhook_limit_reached")
      })
      expect(items(yield* get("/api/webhooks", alice.token))).toHaveLength(5)

      const bob = yield* signUp("bob")
      const tooLong = yield* postJson("/api/webhooks", { url: `https://x.example/${"a".repeat(2048)}` }, bob.token)
      expect(tooLong.status).toBe(422)
      const badKind = yield* postJson("/api/webhooks", { url: "https://x.example/", events: ["likes"] }, bob.token)
      expect(badKind.status).toBe(422)
      const noKinds = yield* postJson("/api/webhooks", { url: "https://x.example/", events: [] }, bob.token)
      expect(noKinds.status).toBe(422)
      const longText = yield* postJson(
        "/api/webhooks",
        { url: "https://x.example/", description: "d".repeat(501) },
        bob.token
      )
      expect(longText.status).toBe(422)
      expect((yield* postJson("/api/webhooks", { url: "https://x.example/" })).status).toBe(401)
      expect(items(yield* get("/api/webhooks", bob.token))).toEqual([])
    }).pipe(Effect.provide(layer)))

  it.effect("a URL the transport refuses is 422 webhook_url_refused, and nothing is stored", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const refused = yield* postJson("/api/webhooks", { url: "https://10.0.0.1/hook" }, alice.token)
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 422,
        body: errorBody("10.0.0.1 resolves to a non-public address", "webhook_url_refused")
      })
      const notHttp = yield* postJson("/api/webhooks", { url: "ftp://hooks.example.com/" }, alice.token)
      expect(notHttp.status).toBe(422)
      expect(items(yield* get("/api/webhooks", alice.token))).toEqual([])
    }).pipe(Effect.provide(layer)))

  it.effect("someone else's webhook is 404 for delete, ping and deliveries, as an unknown one; the owner deletes it", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      const { id } = yield* create(alice.token, { url: "https://hooks.example.com/a" })
      const notFound = { status: 404, body: errorBody(`Webhook '${id}' not found`, "webhook_not_found") }
      for (
        const reply of [
          yield* del(`/api/webhooks/${id}`, bob.token),
          yield* postEmpty(`/api/webhooks/${id}/ping`, bob.token),
          yield* get(`/api/webhooks/${id}/deliveries`, bob.token)
        ]
      ) {
        expect({ status: reply.status, body: reply.body }).toEqual(notFound)
      }
      expect(items(yield* get("/api/webhooks", alice.token))).toHaveLength(1)
      const deleted = yield* del(`/api/webhooks/${id}`, alice.token)
      expect({ status: deleted.status, text: deleted.text }).toEqual({ status: 204, text: "" })
      expect(items(yield* get("/api/webhooks", alice.token))).toEqual([])
      expect((yield* del(`/api/webhooks/${id}`, alice.token)).status).toBe(404)
    }).pipe(Effect.provide(layer)))
})

describe("webhook deliveries", () => {
  it.effect("ping: 202, then the worker sends a signed ping and records the delivery", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const { id, secret } = yield* create(alice.token, { url: "https://hooks.example.com/a" })
      const pinged = yield* postEmpty(`/api/webhooks/${id}/ping`, alice.token)
      expect({ status: pinged.status, text: pinged.text }).toEqual({ status: 202, text: "" })
      const [pending] = yield* deliveries(alice.token, id)
      expect(pending).toMatchObject({ event_type: "ping", attempt: 0, delivered_at: null })

      expect(yield* drainWebhooks).toBe(1)
      const script = yield* WebhookTransportScript
      const [message, ...more] = yield* script.sent
      expect(more).toEqual([])
      expect(message?.url).toBe("https://hooks.example.com/a")
      expect(message?.id).toBe(pending?.["event_id"])
      expect(Redacted.value(message?.secret ?? Redacted.make(""))).toBe(secret)
      expect(JSON.parse(message?.body ?? "null")).toEqual({
        type: "ping",
        timestamp: "1970-01-01T00:00:00.000Z",
        data: { webhook_id: id }
      })
      const [delivered] = yield* deliveries(alice.token, id)
      expect(delivered).toMatchObject({
        id: pending?.["id"],
        event_type: "ping",
        attempt: 1,
        status_code: 200,
        error: null,
        next_attempt_at: null,
        delivered_at: "1970-01-01T00:00:00.000Z"
      })
      const [webhook] = items(yield* get("/api/webhooks", alice.token))
      expect(webhook?.["last_success_at"]).toBe("1970-01-01T00:00:00.000Z")
      // Nothing left to send.
      expect(yield* drainWebhooks).toBe(0)
    }).pipe(Effect.provide(layer)))

  it.effect("a follow reaches the followee's webhook listening to follows, once; others' hear nothing", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      const follows = yield* create(bob.token, { url: "https://hooks.example.com/follows", events: ["follow"] })
      const replies = yield* create(bob.token, { url: "https://hooks.example.com/replies", events: ["reply"] })
      const alices = yield* create(alice.token, { url: "https://hooks.example.com/alice" })
      yield* TestClock.adjust("1 minute")
      expect((yield* postEmpty("/api/users/bob/follow", alice.token)).status).toBe(204)
      expect(yield* drainNotifications).toBe(1)
      expect(yield* drainWebhooks).toBe(1)
      const script = yield* WebhookTransportScript
      const [message, ...more] = yield* script.sent
      expect(more).toEqual([])
      expect(message?.url).toBe("https://hooks.example.com/follows")
      const body = JSON.parse(message?.body ?? "null")
      expect(body).toMatchObject({
        type: "notification.follow",
        timestamp: "1970-01-01T00:01:00.000Z",
        data: { kind: "follow", actor_id: alice.user["id"], post_id: null, comment_id: null, read_at: null }
      })
      const [delivery] = yield* deliveries(bob.token, follows.id)
      expect(delivery).toMatchObject({ event_id: body.data.id, event_type: "notification.follow", status_code: 200 })
      expect(yield* deliveries(bob.token, replies.id)).toEqual([])
      expect(yield* deliveries(alice.token, alices.id)).toEqual([])
    }).pipe(Effect.provide(layer)))

  it.effect("a failed attempt is retried later with growing delays; after 24 h of failures the webhook is off", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const { id } = yield* create(alice.token, { url: "https://hooks.example.com/down" })
      const script = yield* WebhookTransportScript
      const down = { _tag: "Failed", statusCode: 503, error: "HTTP 503" } as const
      yield* script.answer(...Array.from({ length: 20 }, () => down))
      yield* postEmpty(`/api/webhooks/${id}/ping`, alice.token)

      expect(yield* drainWebhooks).toBe(1)
      const [first] = yield* deliveries(alice.token, id)
      expect(first).toMatchObject({
        attempt: 1,
        status_code: 503,
        error: "HTTP 503",
        next_attempt_at: "1970-01-01T00:00:05.000Z",
        delivered_at: null
      })
      expect((yield* get("/api/webhooks", alice.token)).body).toMatchObject([{ active: true, failure_count: 1 }])
      // Not due yet: nothing is sent.
      yield* TestClock.adjust("4 seconds")
      expect(yield* drainWebhooks).toBe(0)
      yield* TestClock.adjust("1 second")
      expect(yield* drainWebhooks).toBe(1)
      const [second] = yield* deliveries(alice.token, id)
      expect(second).toMatchObject({ attempt: 2, next_attempt_at: "1970-01-01T00:01:05.000Z" })

      // Follow every retry until the 24 hours are over (logging in again: tokens expire meanwhile).
      let attempts = 2
      let token = alice.token
      while (true) {
        const [current] = yield* deliveries(token, id)
        const next = current?.["next_attempt_at"]
        if (typeof next !== "string") break
        yield* TestClock.setTime(Date.parse(next))
        expect(yield* drainWebhooks).toBe(1)
        attempts += 1
        token = yield* login("alice")
      }
      expect(yield* TestClock.currentTimeMillis).toBe(24 * 3_600_000)
      const [last] = yield* deliveries(token, id)
      expect(last).toMatchObject({ attempt: attempts, next_attempt_at: null, delivered_at: null })
      expect(attempts).toBe(9)
      const sent = yield* script.sent
      expect(new Set(sent.map((message) => message.id)).size).toBe(1)
      expect((yield* get("/api/webhooks", token)).body).toMatchObject([{ active: false, failure_count: 9 }])

      // An inactive webhook gets no more deliveries, even from a new ping.
      expect((yield* postEmpty(`/api/webhooks/${id}/ping`, token)).status).toBe(202)
      yield* TestClock.adjust("1 hour")
      expect(yield* drainWebhooks).toBe(0)
    }).pipe(Effect.provide(layer)))

  it.effect("a success after failures resets failure_count; deliveries are listed newest first, paged", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const { id } = yield* create(alice.token, { url: "https://hooks.example.com/flaky" })
      const script = yield* WebhookTransportScript
      yield* script.answer({ _tag: "Failed", statusCode: null, error: "timeout" })
      yield* postEmpty(`/api/webhooks/${id}/ping`, alice.token)
      yield* drainWebhooks
      expect((yield* get("/api/webhooks", alice.token)).body).toMatchObject([{ failure_count: 1 }])
      yield* TestClock.adjust("5 seconds")
      yield* drainWebhooks
      expect((yield* get("/api/webhooks", alice.token)).body).toMatchObject([{
        failure_count: 0,
        last_success_at: "1970-01-01T00:00:05.000Z"
      }])
      yield* TestClock.adjust("1 minute")
      yield* postEmpty(`/api/webhooks/${id}/ping`, alice.token)
      const all = yield* deliveries(alice.token, id)
      expect(all).toHaveLength(2)
      expect(all[0]?.["created_at"]).toBe("1970-01-01T00:01:05.000Z")
      expect(yield* deliveries(alice.token, id, "?limit=1&offset=1")).toEqual([all[1]])
    }).pipe(Effect.provide(layer)))
})
