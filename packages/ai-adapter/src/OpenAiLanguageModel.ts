/**
 * The domain's `LanguageModel` port on the `openai` SDK, for Azure OpenAI (one
 * deployment per tier) or any OpenAI-compatible server (one model per tier:
 * OpenAI, Ollama, vLLM, llama.cpp, ...). Effect owns the call's lifecycle: the
 * SDK's own retries are off, each HTTP attempt has a timeout and is aborted
 * through its AbortSignal when the fiber is interrupted, 429 and 5xx are retried
 * with exponential backoff and jitter (honouring Retry-After), and a semaphore
 * caps concurrent requests. Every provider failure becomes a domain AiError;
 * the API key stays Redacted until the client is built and never reaches an
 * error or a log.
 */
import {
  type AiError,
  AiBadOutput,
  AiRateLimited,
  AiTimeout,
  AiUnavailable,
  type Completion,
  type CompletionRequest,
  decodeJsonReply,
  excerpt,
  LanguageModel,
  type ModelTier,
  withJsonInstruction
} from "@holonet/domain"
import { Config, ConfigError, Context, Duration, Effect, Either, Layer, Option, Random, Redacted } from "effect"
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AzureOpenAI,
  type ClientOptions,
  OpenAI
} from "openai"
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam
} from "openai/resources/chat/completions"

/** A name per tier: Azure deployments, or model names of an OpenAI-compatible server. */
export type TierNames = { readonly [tier in ModelTier]: string }

/** Where the models live. */
export type AiProviderOptions =
  | {
    readonly _tag: "AzureOpenAi"
    /** e.g. https://my-resource.openai.azure.com/ */
    readonly endpoint: string
    readonly apiKey: Redacted.Redacted<string>
    readonly apiVersion: string
    readonly deployments: TierNames
  }
  | {
    readonly _tag: "OpenAiCompatible"
    /** e.g. https://api.openai.com/v1 or http://localhost:11434/v1 */
    readonly baseURL: string
    /** Absent for local servers that need none: no Authorization header is sent. */
    readonly apiKey: Option.Option<Redacted.Redacted<string>>
    readonly models: TierNames
  }

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

const AZURE_DEFAULT_API_VERSION = "2024-10-21"
const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"

// ---------------------------------------------------------------------------------------------
// Config

const optionalText = (name: string) =>
  Config.option(Config.string(name)).pipe(
    Config.map(Option.map((value) => value.trim())),
    Config.map(Option.filter((value) => value.length > 0))
  )

const optionalSecret = (name: string) =>
  Config.option(Config.redacted(name)).pipe(
    Config.map(Option.filter((secret) => Redacted.value(secret).trim().length > 0))
  )

const textOr = (name: string, fallback: string) => Config.string(name).pipe(Config.withDefault(fallback))

const validUrl = (name: string, value: string): Either.Either<string, ConfigError.ConfigError> =>
  URL.canParse(value) ? Either.right(value) : Either.left(ConfigError.InvalidData([name], `${name} must be a URL`))

const azureConfig = Config.all({
  endpoint: optionalText("AZURE_OPENAI_ENDPOINT"),
  apiKey: optionalSecret("AZURE_OPENAI_API_KEY"),
  apiVersion: textOr("AZURE_OPENAI_API_VERSION", AZURE_DEFAULT_API_VERSION),
  reasoning: textOr("AZURE_DEPLOYMENT_REASONING", "gpt-5.1"),
  chat: textOr("AZURE_DEPLOYMENT_CHAT", "gpt-5-chat"),
  fast: textOr("AZURE_DEPLOYMENT_FAST", "gpt-5-nano")
})

const openAiConfig = Config.all({
  baseURL: optionalText("OPENAI_BASE_URL"),
  apiKey: optionalSecret("OPENAI_API_KEY"),
  reasoning: textOr("OPENAI_MODEL_REASONING", "gpt-5.1"),
  chat: textOr("OPENAI_MODEL_CHAT", "gpt-5-chat-latest"),
  fast: textOr("OPENAI_MODEL_FAST", "gpt-5-nano")
})

/**
 * The provider from the environment. Azure when AZURE_OPENAI_ENDPOINT is set
 * (then AZURE_OPENAI_API_KEY is required); otherwise an OpenAI-compatible
 * server when OPENAI_BASE_URL or OPENAI_API_KEY is set (the URL defaults to
 * OpenAI's); otherwise none, and the app runs without AI.
 */
export const aiProviderConfig: Config.Config<Option.Option<AiProviderOptions>> = Config.all({
  azure: azureConfig,
  openAi: openAiConfig
}).pipe(
  Config.mapOrFail(({ azure, openAi }): Either.Either<Option.Option<AiProviderOptions>, ConfigError.ConfigError> => {
    const deployments = { reasoning: azure.reasoning, chat: azure.chat, fast: azure.fast }
    if (Option.isSome(azure.endpoint)) {
      const endpoint = azure.endpoint.value
      return Option.match(azure.apiKey, {
        onNone: () =>
          Either.left(ConfigError.MissingData(
            ["AZURE_OPENAI_API_KEY"],
            "AZURE_OPENAI_API_KEY is required when AZURE_OPENAI_ENDPOINT is set"
          )),
        onSome: (apiKey) =>
          Either.map(validUrl("AZURE_OPENAI_ENDPOINT", endpoint), (url) =>
            Option.some<AiProviderOptions>({
              _tag: "AzureOpenAi",
              endpoint: url,
              apiKey,
              apiVersion: azure.apiVersion,
              deployments
            }))
      })
    }
    if (Option.isNone(openAi.baseURL) && Option.isNone(openAi.apiKey)) return Either.right(Option.none())
    const baseURL = Option.getOrElse(openAi.baseURL, () => OPENAI_DEFAULT_BASE_URL)
    return Either.map(validUrl("OPENAI_BASE_URL", baseURL), (url) =>
      Option.some<AiProviderOptions>({
        _tag: "OpenAiCompatible",
        baseURL: url,
        apiKey: openAi.apiKey,
        models: { reasoning: openAi.reasoning, chat: openAi.chat, fast: openAi.fast }
      }))
  })
)

// ---------------------------------------------------------------------------------------------
// Client

const buildClient = (provider: AiProviderOptions, sdkTimeoutMillis: number): Effect.Effect<OpenAI, ConfigError.ConfigError> =>
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

// ---------------------------------------------------------------------------------------------
// Failures

/** One failed HTTP attempt: worth another attempt or not, and when the provider asked us to come back. */
type AttemptFailure =
  | {
    readonly _tag: "Retryable"
    readonly error: AiRateLimited | AiUnavailable
    readonly retryAfterMillis: Option.Option<number>
  }
  | { readonly _tag: "Final"; readonly error: AiError }

const final = (error: AiError): AttemptFailure => ({ _tag: "Final", error })

/** `retry-after-ms` (OpenAI) or `retry-after` in seconds. HTTP dates are not honoured. */
const retryAfterMillis = (headers: Headers | undefined): Option.Option<number> => {
  const parse = (name: string, scale: number) =>
    Option.fromNullable(headers?.get(name)).pipe(
      Option.map((raw) => Number(raw.trim())),
      Option.filter((value) => Number.isFinite(value) && value >= 0),
      Option.map((value) => value * scale)
    )
  return Option.orElse(parse("retry-after-ms", 1), () => parse("retry-after", 1000))
}

const classify = (error: unknown, timeoutMillis: number): AttemptFailure => {
  // Subclasses first: a timeout and an abort are both APIConnectionErrors / APIErrors.
  if (error instanceof APIConnectionTimeoutError) return final(new AiTimeout({ afterMillis: timeoutMillis }))
  if (error instanceof APIUserAbortError) return final(new AiUnavailable({ reason: "request aborted" }))
  if (error instanceof APIConnectionError) {
    return {
      _tag: "Retryable",
      error: new AiUnavailable({ reason: `cannot reach the provider (${excerpt(error.message, 120)})` }),
      retryAfterMillis: Option.none()
    }
  }
  if (error instanceof APIError) {
    const status = error.status
    const headers = error.headers
    if (status === 429) {
      const after = retryAfterMillis(headers)
      return {
        _tag: "Retryable",
        error: new AiRateLimited({ retryAfterSeconds: Math.max(1, Math.ceil(Option.getOrElse(after, () => 1000) / 1000)) }),
        retryAfterMillis: after
      }
    }
    if (status === undefined) return final(new AiUnavailable({ reason: excerpt(error.message) }))
    if (status >= 500) {
      return {
        _tag: "Retryable",
        error: new AiUnavailable({ reason: excerpt(error.message), status }),
        retryAfterMillis: retryAfterMillis(headers)
      }
    }
    // The provider's text for 401/403 can quote part of the key: keep it out.
    if (status === 401 || status === 403) {
      return final(new AiUnavailable({ reason: "the provider refused the credentials", status }))
    }
    return final(new AiUnavailable({ reason: excerpt(error.message), status }))
  }
  return final(new AiUnavailable({ reason: error instanceof Error ? excerpt(error.message) : "unexpected failure" }))
}

// ---------------------------------------------------------------------------------------------
// The model

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
    const maxAttempts = Math.max(1, options.maxAttempts ?? 3)
    const baseDelayMillis = Duration.toMillis(Duration.decode(options.retryBaseDelay ?? "500 millis"))
    const maxDelayMillis = Duration.toMillis(Duration.decode(options.maxRetryDelay ?? "30 seconds"))
    // The SDK's own timer only backs ours up.
    const client = yield* buildClient(provider, timeoutMillis + 1000)
    const permits = yield* Effect.makeSemaphore(Math.max(1, options.maxConcurrency ?? 4))
    const names = provider._tag === "AzureOpenAi" ? provider.deployments : provider.models

    const send = (body: ChatCompletionCreateParamsNonStreaming): Effect.Effect<ChatCompletion, AttemptFailure> =>
      Effect.tryPromise({
        try: (signal) => client.chat.completions.create(body, { signal }),
        catch: (error) => classify(error, timeoutMillis)
      }).pipe(
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () => final(new AiTimeout({ afterMillis: timeoutMillis }))
        }),
        permits.withPermits(1)
      )

    const backoffMillis = (attempt: number) =>
      Effect.map(
        Random.nextRange(0.8, 1.2),
        (jitter) => Math.min(maxDelayMillis, baseDelayMillis * 2 ** (attempt - 1) * jitter)
      )

    const giveUp = (failure: AttemptFailure, nextDelayMillis: number): AiError =>
      failure._tag === "Retryable" && failure.error._tag === "AiRateLimited"
        ? new AiRateLimited({
          retryAfterSeconds: Math.max(
            1,
            Math.ceil(Option.getOrElse(failure.retryAfterMillis, () => nextDelayMillis) / 1000)
          )
        })
        : failure.error

    const withRetries = (
      body: ChatCompletionCreateParamsNonStreaming,
      attempt: number
    ): Effect.Effect<ChatCompletion, AiError> =>
      Effect.catchAll(send(body), (failure) =>
        Effect.gen(function*() {
          if (failure._tag === "Final") return yield* Effect.fail(failure.error)
          const delay = yield* Option.match(failure.retryAfterMillis, {
            onNone: () => backoffMillis(attempt),
            onSome: Effect.succeed
          })
          if (attempt >= maxAttempts || delay > maxDelayMillis) return yield* Effect.fail(giveUp(failure, delay))
          yield* Effect.logWarning("language model call failed; retrying").pipe(
            Effect.annotateLogs({ model: body.model, attempt, error: failure.error._tag, delayMillis: Math.round(delay) })
          )
          yield* Effect.sleep(Duration.millis(delay))
          return yield* withRetries(body, attempt + 1)
        }))

    const run = (request: CompletionRequest, json: boolean): Effect.Effect<Completion, AiError> => {
      const model = names[request.tier]
      const body: ChatCompletionCreateParamsNonStreaming = {
        model,
        messages: toMessages(request),
        ...(request.maxOutputTokens === undefined ? {} : { max_completion_tokens: request.maxOutputTokens }),
        ...(json ? { response_format: { type: "json_object" } } : {})
      }
      return withRetries(body, 1).pipe(
        Effect.timed,
        Effect.flatMap(([elapsed, response]) => {
          const choice = response.choices[0]
          const text = choice?.message.content ?? ""
          if (choice?.finish_reason === "content_filter") {
            return Effect.fail(new AiBadOutput({ reason: "the provider's content filter withheld the reply" }))
          }
          if (text.trim().length === 0) {
            return Effect.fail(new AiBadOutput({ reason: `empty reply (finish reason: ${choice?.finish_reason ?? "none"})` }))
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
