/**
 * Use case: a principal's webhooks. At most `maxWebhooksPerPrincipal` each;
 * the URL must pass the transport's check (scheme, public address) when it
 * is registered; the signing secret is shown once, in the answer to create.
 * Someone else's webhook answers WebhookNotFound, as an unknown one does, so
 * ids cannot be probed.
 */
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import type { Redacted } from "effect"
import { WebhookLimitReached, WebhookNotFound } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { type UserId, WebhookId } from "./Ids.js"
import type { Page } from "./Page.js"
import { CurrentUser } from "./User.js"
import {
  allNotificationKinds,
  type CreateWebhook,
  maxWebhooksPerPrincipal,
  pingEventType,
  Webhook,
  webhookBody
} from "./Webhook.js"
import { WebhookRepo } from "./WebhookRepo.js"
import { SecretSealer } from "./SecretSealer.js"
import { WebhookSignal } from "./WebhookSignal.js"
import { WebhookTransport } from "./WebhookTransport.js"

/** A new webhook and its signing secret, which is never shown again. */
export interface CreatedWebhook {
  readonly webhook: Webhook
  readonly secret: Redacted.Redacted<string>
}

export class Webhooks extends Effect.Service<Webhooks>()("@holonet/domain/Webhooks", {
  effect: Effect.gen(function*() {
    const webhooks = yield* WebhookRepo
    const transport = yield* WebhookTransport
    const ids = yield* IdGenerator
    const signal = yield* WebhookSignal
    const sealer = yield* SecretSealer

    const mine = Effect.fnUntraced(function*(ownerId: UserId, id: WebhookId) {
      if (!(yield* webhooks.owns(ownerId, id))) return yield* new WebhookNotFound({ id })
    })

    const create = Effect.fnUntraced(function*(input: CreateWebhook) {
      const owner = yield* CurrentUser
      yield* transport.check(input.url)
      const secret = yield* transport.makeSecret
      const webhook = new Webhook({
        id: WebhookId.make(yield* ids.next),
        url: input.url,
        // In the kinds' own order, each once.
        events: input.events === undefined
          ? allNotificationKinds
          : allNotificationKinds.filter((kind) => input.events?.includes(kind) === true),
        description: input.description ?? null,
        active: true,
        failureCount: 0,
        lastSuccessAt: null,
        createdAt: yield* DateTime.now
      })
      // Stored sealed: the secret signs every delivery, so it is kept readable, but only with SECRET_KEY.
      const sealed = yield* sealer.seal(secret)
      if (!(yield* webhooks.insert(webhook, owner.id, sealed, maxWebhooksPerPrincipal))) {
        return yield* new WebhookLimitReached({ limit: maxWebhooksPerPrincipal })
      }
      return { webhook, secret } satisfies CreatedWebhook
    })

    const list = Effect.fnUntraced(function*() {
      const owner = yield* CurrentUser
      return yield* webhooks.list(owner.id)
    })

    const remove = Effect.fnUntraced(function*(id: WebhookId) {
      const owner = yield* CurrentUser
      if (!(yield* webhooks.remove(owner.id, id))) return yield* new WebhookNotFound({ id })
    })

    /** Enqueues a `ping` event; the worker sends it like any other delivery. */
    const ping = Effect.fnUntraced(function*(id: WebhookId) {
      const owner = yield* CurrentUser
      yield* mine(owner.id, id)
      const now = yield* Clock.currentTimeMillis
      const eventId = yield* ids.next
      yield* webhooks.enqueue({
        webhookId: id,
        eventId,
        eventType: pingEventType,
        body: webhookBody(pingEventType, DateTime.unsafeMake(now), { webhook_id: id })
      }, now)
      yield* signal.wake
    })

    const deliveries = Effect.fnUntraced(function*(id: WebhookId, page: Page) {
      const owner = yield* CurrentUser
      yield* mine(owner.id, id)
      return yield* webhooks.deliveries(id, page)
    })

    return { create, list, remove, ping, deliveries } as const
  })
}) {}
