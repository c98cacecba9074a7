/**
 * Port for a chat language model with three tiers: `reasoning` (choosing what
 * to do), `chat` (writing text) and `fast` (cheap checks such as moderation).
 * `generateObject` asks for one JSON object and decodes the reply with the
 * caller's Schema; the helpers below (the JSON instruction and the decoder)
 * are shared by every adapter so they all accept and reject the same replies.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as JSONSchema from "effect/JSONSchema"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { type AiError, AiBadOutput } from "./AiErrors.js"

export const ModelTier = Schema.Literal("reasoning", "chat", "fast")
export type ModelTier = typeof ModelTier.Type

export interface ChatMessage {
  readonly role: "user" | "assistant"
  readonly content: string
}

export interface CompletionRequest {
  readonly tier: ModelTier
  readonly system: string
  readonly messages: ReadonlyArray<ChatMessage>
  readonly maxOutputTokens?: number
}

export interface ObjectRequest<A, I> extends CompletionRequest {
  readonly schema: Schema.Schema<A, I>
  /** Names the object in the prompt and in errors, e.g. "AgentAction". */
  readonly schemaName: string
}

export interface TokenUsage {
  readonly inputTokens: number
  readonly outputTokens: number
}

/** What every call reports besides its result: tier, model, tokens, time. */
export interface CompletionMeta {
  readonly tier: ModelTier
  /** The deployment (Azure) or model name the call went to. */
  readonly model: string
  readonly usage: TokenUsage
  /** Wall time of the call as its caller saw it: queueing and retries included. */
  readonly latencyMillis: number
}

export interface Completion extends CompletionMeta {
  readonly text: string
}

export interface ObjectCompletion<A> extends CompletionMeta {
  readonly value: A
}

export class LanguageModel extends Context.Tag("@holonet/domain/LanguageModel")<LanguageModel, {
  readonly complete: (request: CompletionRequest) => Effect.Effect<Completion, AiError>
  /** Asks for one JSON object; a reply that is not JSON or not of the schema fails with AiBadOutput. */
  readonly generateObject: <A, I>(request: ObjectRequest<A, I>) => Effect.Effect<ObjectCompletion<A>, AiError>
}>() {}

/** At most `max` characters of `text`, marked when cut. */
export const excerpt = (text: string, max = 200): string => text.length <= max ? text : `${text.slice(0, max)}…`

/**
 * The paragraph appended to the system prompt of a structured call: reply with
 * one JSON object, with the JSON Schema when the schema can be expressed as one.
 */
export const jsonInstruction = <A, I>(schema: Schema.Schema<A, I>, schemaName: string): string => {
  const jsonSchema = Either.try(() => JSON.stringify(JSONSchema.make(schema)))
  return [
    `Reply with exactly one JSON object (a "${schemaName}") and nothing else: no prose, no code fences.`,
    ...Either.match(jsonSchema, {
      onLeft: () => [],
      onRight: (text) => [`It must validate against this JSON Schema: ${text}`]
    })
  ].join("\n")
}

/** The request a structured call actually sends: the system prompt plus the JSON instruction. */
export const withJsonInstruction = <A, I>(request: ObjectRequest<A, I>): CompletionRequest => ({
  tier: request.tier,
  system: `${request.system}\n\n${jsonInstruction(request.schema, request.schemaName)}`,
  messages: request.messages,
  ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens })
})

/**
 * The request of a structured call whose schema travels as a strict
 * `response_format`: the system prompt names the object, and the schema is not
 * repeated (strict mode may wrap or reshape it, see `StrictSchema.ts`).
 */
export const withStrictInstruction = <A, I>(request: ObjectRequest<A, I>): CompletionRequest => ({
  tier: request.tier,
  system: `${request.system}\n\nReply with exactly one JSON object (a "${request.schemaName}") ` +
    "following the response format's JSON Schema.",
  messages: request.messages,
  ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens })
})

const fenced = /^```[a-zA-Z]*\s*([\s\S]*?)\s*```$/

/**
 * Decodes a model reply as JSON through `Schema.parseJson(schema)`. Surrounding
 * whitespace and one Markdown code fence are tolerated. The failure's reason is
 * short and quotes at most 200 characters of the reply. `restore` reshapes the
 * parsed JSON first (a strict-mode reply, see `StrictSchema.ts`).
 */
export const decodeJsonReply = <A, I>(
  schema: Schema.Schema<A, I>,
  schemaName: string,
  reply: string,
  restore?: (json: unknown) => unknown
): Effect.Effect<A, AiBadOutput> => {
  const trimmed = reply.trim()
  const unfenced = fenced.exec(trimmed)?.[1] ?? trimmed
  const decoded = restore === undefined
    ? Schema.decodeUnknown(Schema.parseJson(schema), { errors: "all" })(unfenced)
    : Schema.decodeUnknown(Schema.parseJson(), { errors: "all" })(unfenced).pipe(
      Effect.flatMap((json) => Schema.decodeUnknown(schema, { errors: "all" })(restore(json)))
    )
  return decoded.pipe(
    Effect.mapError((error) => {
      const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
      const notJson = issues.length === 1 && issues[0]?._tag === "Transformation" && issues[0].path.length === 0
      const reason = notJson
        ? `reply is not JSON: ${JSON.stringify(excerpt(unfenced, 120))}`
        : `reply does not match ${schemaName}: ${
          excerpt(
            issues.map((issue) => issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`)
              .join("; "),
            200
          )
        }`
      return new AiBadOutput({ reason })
    })
  )
}
