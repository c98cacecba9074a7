/**
 * What the background workers (notifications, webhooks) share: an
 * in-process nudge that wakes a worker at once after a write, and the loop
 * that drains whenever nudged and on a poll interval regardless. A lost
 * nudge costs only latency, because the rows a worker drains are the truth;
 * the poll also catches what another process or a crash left.
 */
import type * as Cause from "effect/Cause"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"

export interface Nudge {
  readonly wake: Effect.Effect<void>
  /** Waits for the next nudge. */
  readonly next: Effect.Effect<void>
}

export const makeNudge: Effect.Effect<Nudge> = Effect.map(
  // One pending nudge is as good as many.
  Queue.sliding<void>(1),
  (nudges) => ({ wake: Effect.asVoid(Queue.offer(nudges, undefined)), next: Queue.take(nudges) })
)

/**
 * Runs `drain` forever: after each round it waits for a nudge (then
 * `gather` more, so that a burst of writes is handled as one batch) or for
 * `pollInterval`, whichever comes first. A failed round is logged with
 * `failed` and retried on the next one.
 */
export const runRounds = (options: {
  readonly drain: Effect.Effect<unknown, unknown>
  readonly nudge: Nudge
  readonly pollInterval: Duration.DurationInput
  readonly gather: Duration.DurationInput
  readonly failed: string
}): Effect.Effect<never> =>
  Effect.forever(
    Effect.zipRight(
      options.drain.pipe(
        Effect.catchAllCause((cause: Cause.Cause<unknown>) => Effect.logError(options.failed, cause))
      ),
      Effect.raceFirst(
        Effect.zipRight(options.nudge.next, Effect.sleep(options.gather)),
        Effect.sleep(options.pollInterval)
      )
    )
  )

/**
 * One round: claims batches of at most `batchSize` and handles each until a
 * batch comes back short (nothing more is due); answers how many items were
 * handled.
 */
export const drainBatches = <A, E, R>(
  batchSize: number,
  claim: Effect.Effect<ReadonlyArray<A>, E, R>,
  handle: (batch: ReadonlyArray<A>) => Effect.Effect<void, E, R>
): Effect.Effect<number, E, R> =>
  Effect.gen(function*() {
    let handled = 0
    while (true) {
      const batch = yield* claim
      if (batch.length > 0) yield* handle(batch)
      handled += batch.length
      if (batch.length < batchSize) return handled
    }
  })
