/** Port answering whether the service's own dependencies (its store) respond. */
import { Context, type Effect } from "effect"

export class Readiness extends Context.Tag("@holonet/domain/Readiness")<Readiness, {
  readonly check: Effect.Effect<boolean>
}>() {}
