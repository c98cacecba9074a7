/**
 * Language models without a provider, for tests and embedding apps.
 * `LanguageModelScripted.layer(replies)` answers from a script, in order: a
 * string is the model's text, an AiError is a failure; an exhausted script
 * fails with AiUnavailable. Every request is recorded exactly as the model
 * would have seen it (structured calls include the JSON instruction), so
 * tests can inspect prompts through the `LanguageModelScript` tag.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import { type AiError, AiUnavailable } from "../AiErrors.js"
import {
  type Completion,
  type CompletionRequest,
  decodeJsonReply,
  LanguageModel,
  withJsonInstruction
} from "../LanguageModel.js"

/** One scripted answer: the model's text, or the failure the call ends with. */
export type ScriptedReply = string | AiError

/** A request as the scripted model received it. */
export interface RecordedRequest extends CompletionRequest {
  readonly kind: "text" | "object"
  /** Set for structured (`generateObject`) calls. */
  readonly schemaName?: string
}

/** Control over a scripted model: what it was asked, and more replies. */
export class LanguageModelScript extends Context.Tag("@holonet/domain/LanguageModelScript")<LanguageModelScript, {
  /** Every request received so far, oldest first. */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /** Replies not consumed yet. */
  readonly remaining: Effect.Effect<number>
  /** Appends replies to the end of the script. */
  readonly push: (...replies: ReadonlyArray<ScriptedReply>) => Effect.Effect<void>
}>() {}

/** Rough token count (about four characters a token), so usage is never zero for real text. */
const estimateTokens = (text: string): number => Math.ceil(text.length / 4)

export const layer = (
  replies: ReadonlyArray<ScriptedReply>
): Layer.Layer<LanguageModel | LanguageModelScript> =>
  Layer.effectContext(Effect.gen(function*() {
    const script = yield* Ref.make<ReadonlyArray<ScriptedReply>>(replies)
    const received = yield* Ref.make<ReadonlyArray<RecordedRequest>>([])

    const answer = (request: RecordedRequest): Effect.Effect<Completion, AiError> =>
      Effect.gen(function*() {
        yield* Ref.update(received, (all) => [...all, request])
        const next = yield* Ref.modify(
          script,
          (left): [ScriptedReply | undefined, ReadonlyArray<ScriptedReply>] => [left[0], left.slice(1)]
        )
        if (next === undefined) return yield* new AiUnavailable({ reason: "script exhausted" })
        if (typeof next !== "string") return yield* Effect.fail(next)
        const prompt = [request.system, ...request.messages.map((message) => message.content)].join("\n")
        return {
          text: next,
          tier: request.tier,
          model: `scripted-${request.tier}`,
          usage: { inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(next) },
          latencyMillis: 0
        }
      })

    const model = LanguageModel.of({
      complete: (request) => answer({ ...request, kind: "text" }),
      generateObject: (request) =>
        Effect.gen(function*() {
          const { text, ...meta } = yield* answer({
            ...withJsonInstruction(request),
            kind: "object",
            schemaName: request.schemaName
          })
          const value = yield* decodeJsonReply(request.schema, request.schemaName, text)
          return { ...meta, value }
        })
    })
    const control = LanguageModelScript.of({
      requests: Ref.get(received),
      remaining: Effect.map(Ref.get(script), (left) => left.length),
      push: (...more) => Ref.update(script, (left) => [...left, ...more])
    })
    return Context.make(LanguageModel, model).pipe(Context.add(LanguageModelScript, control))
  }))
