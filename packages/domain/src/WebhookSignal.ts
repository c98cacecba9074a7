/**
 * In-process nudge for the webhook worker: a stored notification or a ping
 * wakes it at once instead of leaving the delivery to the next poll. Losing
 * a nudge costs only latency: the delivery row is the truth.
 */
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"

export class WebhookSignal extends Effect.Service<WebhookSignal>()("@holonet/domain/WebhookSignal", {
  effect: Effect.gen(function*() {
    // One pending nudge is as good as many.
    const nudges = yield* Queue.sliding<void>(1)
    return {
      wake: Queue.offer(nudges, undefined).pipe(Effect.asVoid),
      /** Waits for the next nudge. */
      next: Queue.take(nudges)
    } as const
  })
}) {}
