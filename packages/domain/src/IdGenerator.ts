/**
 * Port for new ids. The default, `IdGeneratorUuidV7`, makes time-ordered
 * UUIDs, so ids sort by creation time.
 */
import * as Context from "effect/Context"
import type { Effect } from "effect"

export class IdGenerator extends Context.Tag("@holonet/domain/IdGenerator")<IdGenerator, {
  readonly next: Effect.Effect<string>
}>() {}
