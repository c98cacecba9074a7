/** Port answering whether the service's own dependencies (its store) respond. */
import { Context, Effect, Layer } from "effect"

export class Readiness extends Context.Tag("@holonet/domain/Readiness")<Readiness, {
  readonly check: Effect.Effect<boolean>
}>() {}

/** For stores that cannot be unavailable, such as the in-memory one. */
export const ReadinessAlways: Layer.Layer<Readiness> = Layer.succeed(Readiness, { check: Effect.succeed(true) })
