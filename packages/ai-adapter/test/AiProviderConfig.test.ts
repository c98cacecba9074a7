/**
 * Reading the AI provider from the environment: none, Azure (key required,
 * kept redacted), or an OpenAI-compatible server; Azure wins when both are set.
 * And how calls are shaped: AI_STRUCTURED_OUTPUT and AI_REASONING_EFFORT.
 */
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either, Option, Redacted } from "effect"
import { aiCallConfig, aiProviderConfig } from "../src/AiProviderConfig.js"

describe("aiProviderConfig", () => {
  const read = (env: Record<string, string>) =>
    Effect.either(Effect.withConfigProvider(aiProviderConfig, ConfigProvider.fromMap(new Map(Object.entries(env)))))

  it.effect("nothing configured is none", () =>
    Effect.gen(function*() {
      expect(yield* read({})).toEqual(Either.right(Option.none()))
      expect(yield* read({ AZURE_OPENAI_ENDPOINT: " ", OPENAI_BASE_URL: "" })).toEqual(Either.right(Option.none()))
    }))

  it.effect("Azure with defaults; the key stays redacted", () =>
    Effect.gen(function*() {
      const result = yield* read({ AZURE_OPENAI_ENDPOINT: "https://res.openai.azure.com/", AZURE_OPENAI_API_KEY: "k1" })
      const provider = Either.getOrThrow(result).pipe(Option.getOrThrow)
      expect(provider._tag).toBe("AzureOpenAi")
      if (provider._tag === "AzureOpenAi") {
        expect(provider.endpoint).toBe("https://res.openai.azure.com/")
        expect(provider.apiVersion).toBe("2024-10-21")
        expect(provider.deployments).toEqual({ reasoning: "gpt-5.1", chat: "gpt-5-chat", fast: "gpt-5-nano" })
        expect(Redacted.value(provider.apiKey)).toBe("k1")
        expect(String(provider.apiKey)).not.toContain("k1")
      }
    }))

  it.effect("Azure without a key is a config error naming the variable", () =>
    Effect.gen(function*() {
      const result = yield* read({ AZURE_OPENAI_ENDPOINT: "https://res.openai.azure.com/" })
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) expect(String(result.left)).toContain("AZURE_OPENAI_API_KEY")
    }))

  it.effect("an OpenAI-compatible server with its models; Azure wins when both are set", () =>
    Effect.gen(function*() {
      const local = Either.getOrThrow(
        yield* read({ OPENAI_BASE_URL: "http://localhost:11434/v1", OPENAI_MODEL_CHAT: "llama3.2" })
      )
      expect(local).toEqual(Option.some({
        _tag: "OpenAiCompatible",
        baseURL: "http://localhost:11434/v1",
        apiKey: Option.none(),
        models: { reasoning: "gpt-5.1", chat: "llama3.2", fast: "gpt-5-nano" }
      }))
      const both = Either.getOrThrow(
        yield* read({
          OPENAI_BASE_URL: "http://localhost:11434/v1",
          AZURE_OPENAI_ENDPOINT: "https://res.openai.azure.com/",
          AZURE_OPENAI_API_KEY: "k1"
        })
      )
      expect(Option.map(both, (p) => p._tag)).toEqual(Option.some("AzureOpenAi"))
      const bad = yield* read({ OPENAI_BASE_URL: "not a url" })
      expect(Either.isLeft(bad)).toBe(true)
    }))

  const readCall = (env: Record<string, string>) =>
    Effect.either(Effect.withConfigProvider(aiCallConfig, ConfigProvider.fromMap(new Map(Object.entries(env)))))

  it.effect("AI_STRUCTURED_OUTPUT defaults to auto; AI_REASONING_EFFORT is absent unless set", () =>
    Effect.gen(function*() {
      expect(yield* readCall({})).toEqual(Either.right({ structuredOutput: "auto" }))
      expect(yield* readCall({ AI_STRUCTURED_OUTPUT: "json_object", AI_REASONING_EFFORT: "minimal" })).toEqual(
        Either.right({ structuredOutput: "json_object", reasoningEffort: "minimal" })
      )
      expect(yield* readCall({ AI_STRUCTURED_OUTPUT: "json_schema" })).toEqual(
        Either.right({ structuredOutput: "json_schema" })
      )
    }))

  it.effect("an unknown AI_STRUCTURED_OUTPUT or AI_REASONING_EFFORT is a config error naming it", () =>
    Effect.gen(function*() {
      const structured = yield* readCall({ AI_STRUCTURED_OUTPUT: "xml" })
      expect(Either.isLeft(structured)).toBe(true)
      if (Either.isLeft(structured)) expect(String(structured.left)).toContain("AI_STRUCTURED_OUTPUT")
      const effort = yield* readCall({ AI_REASONING_EFFORT: "extreme" })
      expect(Either.isLeft(effort)).toBe(true)
      if (Either.isLeft(effort)) expect(String(effort.left)).toContain("AI_REASONING_EFFORT")
    }))
})
