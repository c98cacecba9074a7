/**
 * Where the language models live, read from the environment: Azure OpenAI
 * (one deployment per tier) or any OpenAI-compatible server (one model per
 * tier), or none. API keys stay Redacted; they are unwrapped only when the SDK
 * client is built.
 */
import type { ModelTier } from "@holonet/domain"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

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

const AZURE_DEFAULT_API_VERSION = "2024-10-21"
const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"

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

/** How structured calls ask for JSON (`AI_STRUCTURED_OUTPUT`). */
export const StructuredOutputs = ["auto", "json_schema", "json_object"] as const
export type StructuredOutput = typeof StructuredOutputs[number]

/** `reasoning_effort` of the reasoning tier (`AI_REASONING_EFFORT`). */
export const ReasoningEfforts = ["minimal", "low", "medium", "high"] as const
export type ReasoningEffort = typeof ReasoningEfforts[number]

/**
 * How calls are shaped, from the environment: `AI_STRUCTURED_OUTPUT`
 * (`auto`: a strict `json_schema`, falling back to `json_object` once the
 * provider refuses it; `json_schema`: never falling back; `json_object`: the
 * schema in the prompt only) and the optional `AI_REASONING_EFFORT`.
 */
export const aiCallConfig: Config.Config<{
  readonly structuredOutput: StructuredOutput
  readonly reasoningEffort?: ReasoningEffort
}> = Config.all({
  structuredOutput: Config.literal(...StructuredOutputs)("AI_STRUCTURED_OUTPUT").pipe(Config.withDefault("auto")),
  reasoningEffort: Config.option(Config.literal(...ReasoningEfforts)("AI_REASONING_EFFORT"))
}).pipe(
  Config.map(({ reasoningEffort, structuredOutput }) =>
    Option.match(reasoningEffort, {
      onNone: () => ({ structuredOutput }),
      onSome: (effort) => ({ structuredOutput, reasoningEffort: effort })
    })
  )
)
