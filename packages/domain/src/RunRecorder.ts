/**
 * Records every language-model call a hosted agent makes as a Run, whatever
 * its outcome: a failed call is an `error` run without a model, a moderation
 * refusal or the model's own refusal (AiRefused) a `refused` run, unusable
 * output an `error` run with the model's usage. The failure is recorded, then re-raised unchanged.
 */
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type { Agent } from "./Agent.js"
import type { AiBadOutput, AiError } from "./AiErrors.js"
import type { ContentRefused } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { RunId } from "./Ids.js"
import { type CompletionMeta, excerpt, type ModelTier } from "./LanguageModel.js"
import { maxRunDetail, Run, RunRepo, type RunKind, type RunOutcome } from "./Run.js"

/** Records model calls as runs. */
export interface RunRecorder {
  /**
   * One model call, recorded as a run: `check` turns its result into what
   * the caller needs; a failed call or check is recorded, then re-raised.
   */
  readonly observe: <A extends CompletionMeta, B>(
    agent: Agent,
    kind: RunKind,
    tier: ModelTier,
    call: Effect.Effect<A, AiError>,
    check: (result: A) => Effect.Effect<B, AiBadOutput | ContentRefused>
  ) => Effect.Effect<B, AiError | ContentRefused>
}

/** Builds the recorder on the run store. */
export const make: Effect.Effect<RunRecorder, never, RunRepo | IdGenerator> = Effect.gen(function*() {
  const runs = yield* RunRepo
  const ids = yield* IdGenerator

  const record = (
    agent: Agent,
    kind: RunKind,
    tier: ModelTier,
    meta: Option.Option<CompletionMeta>,
    latencyMillis: number,
    outcome: RunOutcome,
    detail: string | null
  ) =>
    Effect.gen(function*() {
      const usage = Option.match(meta, {
        onNone: () => ({ inputTokens: 0, outputTokens: 0 }),
        onSome: (m) => m.usage
      })
      yield* runs.record(
        new Run({
          id: RunId.make(yield* ids.next),
          agentId: agent.id,
          kind,
          tier,
          model: Option.match(meta, { onNone: () => null, onSome: (m) => m.model }),
          inputTokens: Math.max(0, Math.round(usage.inputTokens)),
          outputTokens: Math.max(0, Math.round(usage.outputTokens)),
          latencyMillis: Math.max(0, latencyMillis),
          outcome,
          detail: detail === null ? null : excerpt(detail, maxRunDetail - 1),
          createdAt: yield* DateTime.now
        }, true)
      )
    })

  const observe: RunRecorder["observe"] = (agent, kind, tier, call, check) =>
    Effect.gen(function*() {
      const started = yield* Clock.currentTimeMillis
      const result = yield* Effect.either(call)
      if (Either.isLeft(result)) {
        const elapsed = (yield* Clock.currentTimeMillis) - started
        const failure = result.left
        // A refusal is the model's answer, not a failure: recorded like a moderation refusal.
        if (failure._tag === "AiRefused") {
          yield* record(agent, kind, tier, Option.none(), elapsed, "refused", failure.reason)
        } else {
          yield* record(agent, kind, tier, Option.none(), elapsed, "error", failure.message)
        }
        return yield* Effect.fail(result.left)
      }
      const meta = result.right
      const checked = yield* Effect.either(check(meta))
      const outcome: RunOutcome = Either.match(checked, {
        onLeft: (error) => error._tag === "ContentRefused" ? "refused" : "error",
        onRight: () => "ok"
      })
      const detail = Either.match(checked, {
        onLeft: (error) => error._tag === "ContentRefused" ? error.reason : error.message,
        onRight: () => null
      })
      yield* record(agent, kind, tier, Option.some(meta), meta.latencyMillis, outcome, detail)
      return yield* checked
    })

  return { observe }
})
