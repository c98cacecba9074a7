/**
 * The background worker that sends webhook deliveries. Like the
 * notification worker it claims before it works, so workers in several
 * processes send different deliveries, and a claim held by a worker that
 * died ends after `deliveryClaim`. Each attempt is recorded with the
 * webhook's counters in one step (`WebhookRepo.record`); a failed one is
 * retried with growing delays (`nextAttemptAt`) until the delivery is 24 h
 * old, and then the webhook is turned off. A worker that dies after sending
 * and before recording sends the attempt again: receivers drop repeats by
 * `webhook-id`, which is the event's id for every attempt.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { nextAttemptAt } from "./Webhook.js"
import { type AttemptRecord, type DueDelivery, WebhookRepo } from "./WebhookRepo.js"
import { WebhookSignal } from "./WebhookSignal.js"
import { drainBatches, runRounds } from "./WorkerRounds.js"
import { SecretSealer } from "./SecretSealer.js"
import { type WebhookOutcome, WebhookTransport } from "./WebhookTransport.js"

/** Deliveries claimed per round trip to the store. */
const batchSize = 20

/** Attempts in flight at once per worker. */
const concurrency = 10

/**
 * How long a claim lasts: longer than a batch of attempts takes (each one
 * ends within the transport's 10 s), and the longest a delivery claimed by
 * a worker that died waits before another worker takes it.
 */
const deliveryClaim = Duration.minutes(2)

const defaultGather = "20 millis"

export class WebhookWorker extends Effect.Service<WebhookWorker>()("@holonet/domain/WebhookWorker", {
  effect: Effect.gen(function*() {
    const webhooks = yield* WebhookRepo
    const transport = yield* WebhookTransport
    const signal = yield* WebhookSignal
    const sealer = yield* SecretSealer

    const attempt = Effect.fnUntraced(function*(due: DueDelivery) {
      const sentAt = yield* Clock.currentTimeMillis
      const secret = yield* sealer.open(due.secret)
      const outcome: WebhookOutcome = Option.isNone(secret)
        // Nothing is sent unsigned: a secret sealed under an earlier SECRET_KEY fails like any attempt.
        ? { _tag: "Failed", statusCode: null, error: "the signing secret cannot be read (was SECRET_KEY changed?)" }
        : yield* transport.send({
          url: due.url,
          id: due.eventId,
          timestampSeconds: Math.floor(sentAt / 1000),
          body: due.body,
          secret: secret.value
        })
      const at = yield* Clock.currentTimeMillis
      const record: AttemptRecord = outcome._tag === "Delivered"
        ? { _tag: "Delivered", statusCode: outcome.statusCode, at }
        : {
          _tag: "Failed",
          statusCode: outcome.statusCode,
          error: outcome.error,
          at,
          nextAttemptAt: nextAttemptAt(due.attempt + 1, due.createdAt, at)
        }
      yield* webhooks.record(due.id, record)
    })

    /** Sends every due delivery no other worker holds; answers how many attempts were made. */
    const drain = drainBatches(
      batchSize,
      Effect.flatMap(
        Clock.currentTimeMillis,
        (now) => webhooks.claim(batchSize, now, now + Duration.toMillis(deliveryClaim))
      ),
      (due) => Effect.forEach(due, attempt, { concurrency, discard: true })
    ).pipe(Effect.withSpan("WebhookWorker.drain"))

    /** Drains whenever woken, and every `pollInterval` regardless (retries fall due with time). */
    const run = (pollInterval: Duration.DurationInput, gather: Duration.DurationInput = defaultGather) =>
      runRounds({
        drain,
        nudge: signal,
        pollInterval,
        gather,
        failed: "Webhook worker: a round failed; retrying on the next one"
      })

    return { drain, run } as const
  })
}) {}
