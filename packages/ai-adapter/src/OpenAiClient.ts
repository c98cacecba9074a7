/**
 * The `openai` SDK's client for a provider: Azure OpenAI (endpoint, API
 * version, key) or an OpenAI-compatible server (base URL, optional key),
 * with the SDK's own retries off (ours are scheduled) and its timer only a
 * backup of ours. The key is unwrapped from Redacted here and nowhere else.
 */
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { AzureOpenAI, type ClientOptions, OpenAI } from "openai"
import type { AiProviderOptions } from "./AiProviderConfig.js"

/** The SDK client on the provider, its own retries off: ours are scheduled. */
export const buildClient = (
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
