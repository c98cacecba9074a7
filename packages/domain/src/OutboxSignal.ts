/**
 * In-process nudge for the notification worker: a write that recorded an
 * outbox event wakes it at once instead of leaving the event to the next
 * poll. Losing a nudge costs only latency: the outbox row is the truth.
 */
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"

export class OutboxSignal extends Effect.Service<OutboxSignal>()("@holonet/domain/OutboxSignal", {
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
