/**
 * The domain's `LanguageModel` port on the `openai` SDK, for Azure OpenAI (one
 * deployment per tier) or any OpenAI-compatible server (one model per tier:
 * OpenAI, Ollama, vLLM, llama.cpp, ...). Effect owns the call's lifecycle: the
 * SDK's own retries are off, each HTTP attempt has a timeout and is aborted
 * through its AbortSignal when the fiber is interrupted, 429, 5xx and network
 * failures are retried on a schedule (`ProviderFailure.ts`), and a semaphore
 * caps concurrent requests. Every provider failure becomes a domain AiError;
 * the API key stays Redacted until the client is built and never reaches an
 * error or a log.
 */
import {
  type AiError,
  AiBadOutput,
  AiTimeout,
  type Completion,
  type CompletionRequest,
  decodeJsonReply,
  LanguageModel,
  withJsonInstruction
} from "@holonet/domain"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { AzureOpenAI, type ClientOptions, OpenAI } from "openai"
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam
} from "openai/resources/chat/completions"
import type { AiProviderOptions } from "./AiProviderConfig.js"
import {
  type AttemptFailure,
  classifyFailure,
  errorAfterRetries,
  finalFailure,
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
}

/** The SDK client on the provider, its own retries off: ours are scheduled. */
const buildClient = (
  provider: AiProviderOptions,
  sdkTimeoutMillis: number
): Effect.Effect<OpenAI, ConfigError.ConfigError> =>
  Effect.try({
    try: () => {
      // Everything passed explicitly (null where unused) so the SDK reads nothing from process.env.
      const common = {
        maxRetries: 0,
        timeout: sdkTimeoutMillis,
        organization: null,
        project: null,
        webhookSecret: null,
        logLevel: "off"
      } satisfies ClientOptions
      switch (provider._tag) {
        case "AzureOpenAi":
          return new AzureOpenAI({
            ...common,
            baseURL: null,
            endpoint: provider.endpoint,
            apiKey: Redacted.value(provider.apiKey),
            apiVersion: provider.apiVersion
          })
        case "OpenAiCompatible":
          return Option.match(provider.apiKey, {
            onNone: () =>
              new OpenAI({
                ...common,
                baseURL: provider.baseURL,
                apiKey: "none",
                defaultHeaders: { Authorization: null }
              }),
            onSome: (apiKey) => new OpenAI({ ...common, baseURL: provider.baseURL, apiKey: Redacted.value(apiKey) })
          })
      }
    },
    catch: (error) =>
      ConfigError.InvalidData(
        [],
        `Invalid ${provider._tag} options: ${error instanceof Error ? error.message : "the SDK refused them"}`
      )
  })

const toMessages = (request: CompletionRequest): Array<ChatCompletionMessageParam> => [
  { role: "system", content: request.system },
  ...request.messages.map((message): ChatCompletionMessageParam =>
    message.role === "user"
      ? { role: "user", content: message.content }
      : { role: "assistant", content: message.content }
  )
]

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
    // The SDK's own timer only backs ours up.
    const client = yield* buildClient(provider, timeoutMillis + 1000)
    const permits = yield* Effect.makeSemaphore(Math.max(1, options.maxConcurrency ?? 4))
    const names = provider._tag === "AzureOpenAi" ? provider.deployments : provider.models

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

    const withRetries = (body: ChatCompletionCreateParamsNonStreaming): Effect.Effect<ChatCompletion, AiError> =>
      Effect.retryOrElse(send(body), retries, (_, last) => Effect.fail(errorAfterRetries(last))).pipe(
        Effect.annotateLogs({ model: body.model })
      )

    const run = (request: CompletionRequest, json: boolean): Effect.Effect<Completion, AiError> => {
      const model = names[request.tier]
      const body: ChatCompletionCreateParamsNonStreaming = {
        model,
        messages: toMessages(request),
        ...(request.maxOutputTokens === undefined ? {} : { max_completion_tokens: request.maxOutputTokens }),
        ...(json ? { response_format: { type: "json_object" } } : {})
      }
      return withRetries(body).pipe(
        Effect.timed,
        Effect.flatMap(([elapsed, response]) => {
          const choice = response.choices[0]
          const text = choice?.message.content ?? ""
          if (choice?.finish_reason === "content_filter") {
            return Effect.fail(new AiBadOutput({ reason: "the provider's content filter withheld the reply" }))
          }
          if (text.trim().length === 0) {
            return Effect.fail(
              new AiBadOutput({ reason: `empty reply (finish reason: ${choice?.finish_reason ?? "none"})` })
            )
          }
          return Effect.succeed({
            text,
            tier: request.tier,
            model,
            usage: {
              inputTokens: response.usage?.prompt_tokens ?? 0,
              outputTokens: response.usage?.completion_tokens ?? 0
            },
            latencyMillis: Math.round(Duration.toMillis(elapsed))
          })
        }),
        Effect.withSpan("LanguageModel.complete", { attributes: { tier: request.tier, model, json } })
      )
    }

    return LanguageModel.of({
      complete: (request) => run(request, false),
      generateObject: (request) =>
        Effect.gen(function*() {
          const { text, ...meta } = yield* run(withJsonInstruction(request), true)
          const value = yield* decodeJsonReply(request.schema, request.schemaName, text)
          return { ...meta, value }
        })
    })
  })

/** The port on a provider, as a layer. */
export const layer = (
  provider: AiProviderOptions,
  options: AiCallOptions = {}
): Layer.Layer<LanguageModel, ConfigError.ConfigError> => Layer.effect(LanguageModel, make(provider, options))
