/**
 * Webhooks across processes: one webhook, follows written through every
 * process at once and pings, and a receiver on loopback. Each process runs
 * a webhook worker; claims must hand each delivery to one of them, so every
 * event arrives exactly once, signed, and the log shows each delivered.
 */
import { expect } from "@effect/vitest"
import { get, postEmpty, postJson, signUp } from "@holonet/http-adapter/testing"
import { Duration, Effect, Queue, Schema } from "effect"
import { all, countOf, type Running, tally, waitUntil } from "./MultiProcessTools.js"
import { receiver, verified } from "./WebhookReceiver.js"

/** What every process needs to deliver to a receiver on loopback over plain http. */
export const webhookEnv: Record<string, string> = { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_ALLOW_PRIVATE: "true" }

const Created = Schema.Struct({ webhook: Schema.Struct({ id: Schema.String }), secret: Schema.String })
const Deliveries = Schema.Array(Schema.Struct({ event_id: Schema.String, delivered_at: Schema.NullOr(Schema.String) }))

const EventType = Schema.Struct({ type: Schema.String })

const fans = 15
const pings = 3

export const webhooksScenario = ({ processes }: Running) =>
  Effect.scoped(Effect.gen(function*() {
    const { received, url } = yield* receiver
    const star = yield* signUp("wh_star")
    const created = yield* postJson("/api/webhooks", { url }, star.token)
    expect(created.status).toBe(201)
    const { secret, webhook } = yield* Schema.decodeUnknown(Created)(created.body)
    const followers = yield* Effect.all(Array.from({ length: fans }, (_, i) => signUp(`wh_fan${i}`)), {
      concurrency: 5
    })

    const writes = yield* all([
      ...followers.map((fan) => postEmpty("/api/users/wh_star/follow", fan.token)),
      ...Array.from({ length: pings }, () => postEmpty(`/api/webhooks/${webhook.id}/ping`, star.token))
    ])
    expect(countOf(writes)).toEqual({ 204: fans, 202: pings })

    // Done when the log shows every event delivered, whichever process sent it.
    const log = get(`/api/webhooks/${webhook.id}/deliveries?limit=100`, star.token).pipe(
      Effect.flatMap((reply) => Schema.decodeUnknown(Deliveries)(reply.body))
    )
    yield* waitUntil(
      "every webhook delivery to be made",
      Effect.map(log, (rows) => rows.length === fans + pings && rows.every((row) => row.delivered_at !== null)),
      Duration.seconds(40)
    )
    const deliveries = yield* log
    const arrived = Array.from(yield* Queue.takeAll(received), (delivery) => verified(delivery, secret))
    // Exactly once each: as many arrivals as events, no id twice, the same ids as the log.
    expect(arrived.length).toBe(fans + pings)
    expect(Object.values(tally(arrived.map((d) => d.id))).every((n) => n === 1)).toBe(true)
    expect(new Set(arrived.map((d) => d.id))).toEqual(new Set(deliveries.map((d) => d.event_id)))
    expect(tally(arrived.map((d) => Schema.decodeUnknownSync(EventType)(d.payload).type))).toEqual({
      "notification.follow": fans,
      ping: pings
    })
  })).pipe(Effect.provide(processes.roundRobin))
