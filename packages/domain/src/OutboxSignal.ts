/**
 * In-process nudge for the notification worker: a write that recorded an
 * outbox event wakes it at once instead of leaving the event to the next
 * poll. Losing a nudge costs only latency: the outbox row is the truth.
 */
import * as Effect from "effect/Effect"
import { makeNudge } from "./WorkerRounds.js"

export class OutboxSignal
  extends Effect.Service<OutboxSignal>()("@holonet/domain/OutboxSignal", { effect: makeNudge })
{}
