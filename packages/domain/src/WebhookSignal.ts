/**
 * In-process nudge for the webhook worker: a stored notification or a ping
 * wakes it at once instead of leaving the delivery to the next poll. Losing
 * a nudge costs only latency: the delivery row is the truth.
 */
import * as Effect from "effect/Effect"
import { makeNudge } from "./WorkerRounds.js"

export class WebhookSignal
  extends Effect.Service<WebhookSignal>()("@holonet/domain/WebhookSignal", { effect: makeNudge })
{}
