/** Port answering whether the service's own dependencies (its store) respond. */
import * as Context from "effect/Context"
import type { Effect } from "effect"

export class Readiness extends Context.Tag("@holonet/domain/Readiness")<Readiness, {
  readonly check: Effect.Effect<boolean>
}>() {}
