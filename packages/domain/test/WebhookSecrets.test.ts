/**
 * Webhook signing secrets at rest: the use case stores them sealed, the
 * worker opens them to sign, and a secret that does not open (sealed under
 * another key, or never sealed) fails its attempt without anything sent.
 */
import { describe, expect, it } from "@effect/vitest"
import { Clock, DateTime, Effect, Option, Redacted } from "effect"
import { WebhookId } from "../src/Ids.js"
import { DomainMemory, WebhookTransportScript } from "../src/testing.js"
import { Webhook } from "../src/Webhook.js"
import { WebhookRepo } from "../src/WebhookRepo.js"
import { Webhooks } from "../src/Webhooks.js"
import { WebhookWorker } from "../src/WebhookWorker.js"
import { as, signUp } from "./UseCaseFixtures.js"

const everything = { limit: 100, offset: 0 }

describe("webhook secrets", () => {
  it.effect("are stored sealed and opened to sign: the receiver's message carries the secret shown at creation", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const { secret, webhook } = yield* (yield* Webhooks).create({ url: "https://hooks.test/a" }).pipe(as(alice))
      yield* (yield* Webhooks).ping(webhook.id).pipe(as(alice))

      const now = yield* Clock.currentTimeMillis
      const due = yield* (yield* WebhookRepo).claim(10, now, now + 60_000)
      expect(due.map((d) => Redacted.value(d.secret))).toEqual([`sealed:${Redacted.value(secret)}`])

      // A second ping goes through the worker (the first stays claimed): it is signed with the secret itself.
      yield* (yield* Webhooks).ping(webhook.id).pipe(as(alice))
      yield* (yield* WebhookWorker).drain
      const sent = yield* (yield* WebhookTransportScript).sent
      expect(sent.map((message) => Redacted.value(message.secret))).toEqual([Redacted.value(secret)])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("a secret that does not open fails the attempt, unsent, with the reason in the log", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const id = WebhookId.make("unsealed-hook")
      const stored = yield* (yield* WebhookRepo).insert(
        new Webhook({
          id,
          url: "https://hooks.test/b",
          events: ["follow"],
          description: null,
          active: true,
          failureCount: 0,
          lastSuccessAt: null,
          createdAt: yield* DateTime.now
        }),
        alice.id,
        Redacted.make("whsec_never-sealed"),
        5
      )
      expect(stored).toBe(true)
      yield* (yield* Webhooks).ping(id).pipe(as(alice))
      yield* (yield* WebhookWorker).drain

      expect(yield* (yield* WebhookTransportScript).sent).toEqual([])
      const [delivery] = yield* (yield* Webhooks).deliveries(id, everything).pipe(as(alice))
      expect(Option.fromNullable(delivery?.error)).toEqual(
        Option.some("the signing secret cannot be read (was SECRET_KEY changed?)")
      )
      expect(delivery?.attempt).toBe(1)
      expect(delivery?.deliveredAt).toBeNull()
    }).pipe(Effect.provide(DomainMemory.layer)))
})
