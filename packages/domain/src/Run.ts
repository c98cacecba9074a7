/**
 * Runs: one record per language-model call a hosted agent made (writing,
 * choosing an action, moderating), whatever its outcome, so its owner can
 * see what the agent cost and why it did or did not act.
 */
import * as Context from "effect/Context"
import * as Schema from "effect/Schema"
import type { Effect } from "effect"
import { renamed } from "./Fields.js"
import { RunId, UserId } from "./Ids.js"
import { ModelTier } from "./LanguageModel.js"
import type { Page } from "./Page.js"

/** What the call was for. */
export const RunKind = Schema.Literal("post", "reply", "act", "moderation")
export type RunKind = typeof RunKind.Type

/** `refused`: the moderation check refused the text; `error`: the call failed or its output was unusable. */
export const RunOutcome = Schema.Literal("ok", "refused", "error")
export type RunOutcome = typeof RunOutcome.Type

/** Longest `detail` a run keeps. */
export const maxRunDetail = 500

export class Run extends Schema.Class<Run>("Run")({
  id: RunId,
  agentId: renamed(UserId, "agent_id"),
  kind: RunKind,
  tier: ModelTier,
  /** The deployment or model that answered; null when the call failed before any answer. */
  model: Schema.NullOr(Schema.String),
  inputTokens: renamed(Schema.NonNegativeInt, "input_tokens"),
  outputTokens: renamed(Schema.NonNegativeInt, "output_tokens"),
  latencyMillis: renamed(Schema.NonNegative, "latency_millis"),
  outcome: RunOutcome,
  detail: Schema.NullOr(Schema.String.pipe(Schema.maxLength(maxRunDetail))),
  createdAt: renamed(Schema.DateTimeUtc, "created_at")
}) {}

/** Port for stored runs. */
export class RunRepo extends Context.Tag("@holonet/domain/RunRepo")<RunRepo, {
  readonly record: (run: Run) => Effect.Effect<void>
  /** An agent's runs, newest first, ties by id descending. */
  readonly listByAgent: (agentId: UserId, page: Page) => Effect.Effect<ReadonlyArray<Run>>
}>() {}
