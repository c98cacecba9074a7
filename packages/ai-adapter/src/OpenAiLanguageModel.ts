/**
 * The domain's `LanguageModel` port on the `openai` SDK, for Azure OpenAI (one
 * deployment per tier) or an OpenAI-compatible server (one model per tier:
 * OpenAI, Ollama, vLLM, llama.cpp, ...). Effect owns the call's lifecycle: the
 * SDK's own retries are off, each HTTP attempt has a timeout and is aborted
 * through its AbortSignal when the fiber is interrupted, 429, 5xx and network
 * failures are retried on a schedule (`ProviderFailure.ts`), and a semaphore
 * caps concurrent requests. Structured calls send a strict JSON Schema
 * (`StrictSchema.ts` of the domain). What a provider refuses with a 400
 * (`json_schema`, `max_completion_tokens`, `reasoning_effort`) is dropped and
 * remembered for the layer's life; a refusal or a content filter is AiRefused.
 * Every provider failure becomes a domain AiError;
 * the API key stays Redacted until the client is built and never reaches an
 * error or a log.
 */
import {
  type AiError,
  AiBadOutput,
  AiRefused,
  AiTimeout,
  type Completion,
  type CompletionRequest,
  decodeJsonReply,
  excerpt,
  LanguageModel,
  StrictSchema,
  withJsonInstruction,
  withStrictInstruction
} from "@holonet/domain"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam
} from "openai/resources/chat/completions"
import type { AiProviderOptions, ReasoningEffort, StructuredOutput } from "./AiProviderConfig.js"
import { buildClient } from "./OpenAiClient.js"
import {
  type AttemptFailure,
  classifyFailure,
  errorAfterRetries,
  finalFailure,
  type Rejected,
  retrySchedule
} from "./ProviderFailure.js"

/** How calls are made; every field has a default. */
export interface AiCallOptions {
  /** Per HTTP attempt; default 60 seconds. */
  readonly timeout?: Duration.DurationInput
  /** Attempts per call, the first included, for 429, 5xx and network failures; default 3. */
  readonly maxAttempts?: number
  /** First backoff delay, doubled after each attempt, with ±20% jitter; default 500 ms. */
  readonly retryBaseDelay?: Duration.DurationInput
  /** Longest wait between attempts; a longer Retry-After ends the call at once; default 30 seconds. */
  readonly maxRetryDelay?: Duration.DurationInput
  /** Requests in flight at once, across all tiers; default 4. */
  readonly maxConcurrency?: number
  /** How structured calls ask for JSON; default `auto` (strict `json_schema`, `json_object` if refused). */
  readonly structuredOutput?: StructuredOutput
  /** `reasoning_effort` of the reasoning tier's calls; not sent when absent. */
  readonly reasoningEffort?: ReasoningEffort
}

const toMessages = (request: CompletionRequest): Array<ChatCompletionMessageParam> => [
  { role: "system", content: request.system },
  ...request.messages.map((message): ChatCompletionMessageParam =>
    message.role === "user"
      ? { role: "user", content: message.content }
      : { role: "assistant", content: message.content }
  )
]

/** What the provider turned out to accept, learnt from its 400s and kept for the layer's life. */
interface Accepted {
  readonly jsonSchema: boolean
  readonly maxTokens: "max_completion_tokens" | "max_tokens"
  readonly reasoningEffort: boolean
}

/** How a call asks for its reply: free text, a JSON object of whatever shape, or JSON of a strict schema. */
type ReplyFormat =
  | { readonly _tag: "text" }
  | { readonly _tag: "json_object" }
  | { readonly _tag: "json_schema"; readonly strict: StrictSchema.StrictSchema }

const textFormat: ReplyFormat = { _tag: "text" }
const jsonObjectFormat: ReplyFormat = { _tag: "json_object" }

/** What a filtered answer or prompt becomes: the same 422 as a refusal. */
const contentFiltered = new AiRefused({ reason: "the provider's content filter withheld the answer" })

/** Builds the port on a provider; fails only when the SDK rejects the options. */
export const make = (
  provider: AiProviderOptions,
  options: AiCallOptions = {}
): Effect.Effect<Context.Tag.Service<LanguageModel>, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const timeout = Duration.decode(options.timeout ?? "60 seconds")
    const timeoutMillis = Duration.toMillis(timeout)
    const retries = retrySchedule({
      maxAttempts: Math.max(1, options.maxAttempts ?? 3),
      baseDelay: Duration.decode(options.retryBaseDelay ?? "500 millis"),
      maxDelay: Duration.decode(options.maxRetryDelay ?? "30 seconds")
    })
    const structuredOutput = options.structuredOutput ?? "auto"
    // The SDK's own timer only backs ours up.
    const client = yield* buildClient(provider, timeoutMillis + 1000)
    const permits = yield* Effect.makeSemaphore(Math.max(1, options.maxConcurrency ?? 4))
    const names = provider._tag === "AzureOpenAi" ? provider.deployments : provider.models
    const accepted = yield* Ref.make<Accepted>({
      jsonSchema: structuredOutput !== "json_object",
      maxTokens: "max_completion_tokens",
      reasoningEffort: true
    })

    const send = (body: ChatCompletionCreateParamsNonStreaming): Effect.Effect<ChatCompletion, AttemptFailure> =>
      Effect.tryPromise({
        try: (signal) => client.chat.completions.create(body, { signal }),
        catch: (error) => classifyFailure(error, timeoutMillis)
      }).pipe(
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () => finalFailure(new AiTimeout({ afterMillis: timeoutMillis }))
        }),
        permits.withPermits(1)
      )

    /** The call with its retries; a 400 that names something we may change comes back as `Rejected`. */
    const withRetries = (body: ChatCompletionCreateParamsNonStreaming): Effect.Effect<ChatCompletion, AttemptFailure> =>
      Effect.retryOrElse(send(body), retries, (failure, last) =>
        Effect.fail(failure._tag === "Rejected" ? failure : finalFailure(errorAfterRetries(last)))).pipe(
          Effect.annotateLogs({ model: body.model })
        )

    const body = (
      request: CompletionRequest,
      format: ReplyFormat,
      now: Accepted
    ): ChatCompletionCreateParamsNonStreaming => {
      const responseFormat: ChatCompletionCreateParamsNonStreaming["response_format"] = format._tag === "json_schema"
        ? {
          type: "json_schema",
          json_schema: { name: format.strict.name, schema: { ...format.strict.schema }, strict: true }
        }
        : format._tag === "json_object"
        ? { type: "json_object" }
        : undefined
      return {
        model: names[request.tier],
        messages: toMessages(request),
        ...(request.maxOutputTokens === undefined ? {} : { [now.maxTokens]: request.maxOutputTokens }),
        ...(request.tier === "reasoning" && now.reasoningEffort && options.reasoningEffort !== undefined
          ? { reasoning_effort: options.reasoningEffort }
          : {}),
        ...(responseFormat === undefined ? {} : { response_format: responseFormat })
      }
    }

    /**
     * Remembers what a 400 refused and says whether the call should be sent
     * again without it; each change happens once per layer, so a call is
     * sent at most four times for this reason.
     */
    const adapt = (rejected: Rejected, request: CompletionRequest, format: ReplyFormat, now: Accepted) => {
      switch (rejected) {
        case "content_filter":
          return Effect.succeed(false)
        case "max_completion_tokens":
          return now.maxTokens === "max_completion_tokens" && request.maxOutputTokens !== undefined
            ? Effect.as(Ref.update(accepted, (a) => ({ ...a, maxTokens: "max_tokens" as const })), true)
            : Effect.succeed(false)
        case "reasoning_effort":
          return now.reasoningEffort && request.tier === "reasoning" && options.reasoningEffort !== undefined
            ? Effect.as(Ref.update(accepted, (a) => ({ ...a, reasoningEffort: false })), true)
            : Effect.succeed(false)
        case "json_schema":
          return format._tag === "json_schema" && structuredOutput === "auto"
            ? Ref.modify(accepted, (a): [boolean, Accepted] => [a.jsonSchema, { ...a, jsonSchema: false }]).pipe(
              Effect.tap((first) =>
                first
                  ? Effect.logWarning(
                    "the provider does not take response_format json_schema: structured calls use json_object"
                  ).pipe(Effect.annotateLogs({ provider: provider._tag }))
                  : Effect.void
              ),
              Effect.as(true)
            )
            : Effect.succeed(false)
      }
    }

    /** One call as the provider accepts it: `prepare` gives the request and format from what is accepted. */
    const call = (
      prepare: (now: Accepted) => readonly [CompletionRequest, ReplyFormat],
      adaptationsLeft = 4
    ): Effect.Effect<readonly [ChatCompletion, CompletionRequest, ReplyFormat], AiError> =>
      Effect.gen(function*() {
        const now = yield* Ref.get(accepted)
        const [request, format] = prepare(now)
        const result = yield* Effect.either(withRetries(body(request, format, now)))
        if (Either.isRight(result)) {
          return [result.right, request, format] as const
        }
        const failure = result.left
        if (failure._tag !== "Rejected") {
          return yield* Effect.fail(failure.error)
        }
        if (failure.rejected === "content_filter") {
          return yield* Effect.fail(contentFiltered)
        }
        const again = adaptationsLeft > 0 && (yield* adapt(failure.rejected, request, format, now))
        return again ? yield* call(prepare, adaptationsLeft - 1) : yield* Effect.fail(failure.error)
      })

    const run = (
      prepare: (now: Accepted) => readonly [CompletionRequest, ReplyFormat]
    ): Effect.Effect<Completion & { readonly format: ReplyFormat }, AiError> =>
      call(prepare).pipe(
        Effect.timed,
        Effect.flatMap(([elapsed, [response, request, format]]): Effect.Effect<
          Completion & { readonly format: ReplyFormat },
          AiError
        > => {
          const model = names[request.tier]
          const choice = response.choices[0]
          const text = choice?.message.content ?? ""
          const refusal = choice?.message.refusal
          if (typeof refusal === "string" && refusal.trim().length > 0) {
            return Effect.fail(new AiRefused({ reason: excerpt(refusal.trim(), 300) }))
          }
          if (choice?.finish_reason === "content_filter") {
            return Effect.fail(contentFiltered)
          }
          if (text.trim().length === 0) {
            return Effect.fail(
              new AiBadOutput({ reason: `empty reply (finish reason: ${choice?.finish_reason ?? "none"})` })
            )
          }
          return Effect.succeed({
            text,
            format,
            tier: request.tier,
            model,
            usage: {
              inputTokens: response.usage?.prompt_tokens ?? 0,
              outputTokens: response.usage?.completion_tokens ?? 0
            },
            latencyMillis: Math.round(Duration.toMillis(elapsed))
          })
        })
      )

    return LanguageModel.of({
      complete: (request) =>
        run(() => [request, textFormat]).pipe(
          Effect.map(({ format: _, ...completion }) =>
            completion
          ),
          Effect.withSpan("LanguageModel.complete", { attributes: { tier: request.tier, json: false } })
        ),
      generateObject: (request) => {
        const strict = StrictSchema.make(request.schema, request.schemaName)
        const prepare = (now: Accepted): readonly [CompletionRequest, ReplyFormat] =>
          Either.isRight(strict) && now.jsonSchema
            ? [withStrictInstruction(request), { _tag: "json_schema", strict: strict.right }]
            : [withJsonInstruction(request), jsonObjectFormat]
        return Effect.gen(function*() {
          const { format, text, ...meta } = yield* run(prepare)
          const value = yield* decodeJsonReply(
            request.schema,
            request.schemaName,
            text,
            format._tag === "json_schema" ? format.strict.restore : undefined
          )
          return { ...meta, value }
        }).pipe(
          Effect.withSpan("LanguageModel.generateObject", { attributes: { tier: request.tier, json: true } })
        )
      }
    })
  })

/** The port on a provider, as a layer. */
export const layer = (
  provider: AiProviderOptions,
  options: AiCallOptions = {}
): Layer.Layer<LanguageModel, ConfigError.ConfigError> => Layer.effect(LanguageModel, make(provider, options))
