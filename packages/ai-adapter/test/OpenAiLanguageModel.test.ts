/**
 * The openai-SDK adapter driven for real against the fake provider on
 * 127.0.0.1 (`FakeProvider.ts`): the Azure path (`/openai/deployments/{deployment}/...`
 * with `api-key`) and the `/v1` path (with `Authorization: Bearer`). Covers
 * success, tiers, the concurrency cap and structured output; failures and
 * retries are in `OpenAiLanguageModelFailures.test.ts`.
 */
import { AiBadOutput, type ModelTier } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Schema } from "effect"
import { ask, azure, compatible, completion, quick, startFake, withModel } from "./FakeProvider.js"

const tiers: ReadonlyArray<ModelTier> = ["reasoning", "chat", "fast"]

const Verdict = Schema.Struct({ allowed: Schema.Boolean, reason: Schema.String })

describe("OpenAiLanguageModel on Azure OpenAI", () => {
  it.live("answers with the text, usage, deployment and latency; sends api-key and the messages", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion("Hi there!", "gpt-5-chat-2025"))
      const result = yield* withModel(azure(fake), quick, (model) =>
        model.complete({
          ...ask("chat"),
          messages: [{ role: "user", content: "hello" }, { role: "assistant", content: "yes?" }, {
            role: "user",
            content: "again"
          }],
          maxOutputTokens: 64
        }))
      expect(result.text).toBe("Hi there!")
      expect(result.tier).toBe("chat")
      expect(result.model).toBe("dep-chat")
      expect(result.usage).toEqual({ inputTokens: 11, outputTokens: 7 })
      expect(result.latencyMillis).toBeGreaterThanOrEqual(0)

      expect(fake.seen).toHaveLength(1)
      const [request] = fake.seen
      expect(request?.method).toBe("POST")
      expect(request?.url).toBe("/openai/deployments/dep-chat/chat/completions?api-version=2024-10-21")
      expect(request?.headers["api-key"]).toBe("azure-secret-key")
      expect(request?.headers["authorization"]).toBeUndefined()
      expect(request?.body).toMatchObject({
        model: "dep-chat",
        max_completion_tokens: 64,
        messages: [
          { role: "system", content: "You are a test." },
          { role: "user", content: "hello" },
          { role: "assistant", content: "yes?" },
          { role: "user", content: "again" }
        ]
      })
      expect(request?.body).not.toHaveProperty("response_format")
    }).pipe(Effect.scoped))

  it.live("each tier goes to its own deployment", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion("ok"))
      const models = yield* withModel(azure(fake), quick, (model) =>
        Effect.forEach(tiers, (tier) =>
          model.complete(ask(tier))))
      expect(models.map((c) =>
        c.model
      )).toEqual(["dep-reasoning", "dep-chat", "dep-fast"])
      expect(fake.seen.map((s) => s.url.split("?")[0])).toEqual([
        "/openai/deployments/dep-reasoning/chat/completions",
        "/openai/deployments/dep-chat/chat/completions",
        "/openai/deployments/dep-fast/chat/completions"
      ])
    }).pipe(Effect.scoped))

  it.live("no more than maxConcurrency requests are in flight", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => ({ ...completion("slow"), delayMillis: 60 }))
      const results = yield* withModel(azure(fake), { ...quick, maxConcurrency: 2 }, (model) =>
        Effect.all(
          Array.from({ length: 6 }, () => model.complete(ask("fast"))),
          { concurrency: "unbounded" }
        ))
      expect(results).toHaveLength(6)
      expect(fake.maxInFlight).toBe(2)
    }).pipe(Effect.scoped))

  it.live("generateObject with AI_STRUCTURED_OUTPUT=json_object asks for a JSON object and decodes it", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion(`{"allowed":true,"reason":"fine"}`))
      const result = yield* withModel(
        azure(fake),
        { ...quick, structuredOutput: "json_object" },
        (model) => model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" })
      )
      expect(result.value).toEqual({ allowed: true, reason: "fine" })
      expect(result.model).toBe("dep-fast")
      expect(result.usage).toEqual({ inputTokens: 11, outputTokens: 7 })
      const body = fake.seen[0]?.body
      expect(body).toMatchObject({ response_format: { type: "json_object" } })
      expect(JSON.stringify(body)).toContain("Reply with exactly one JSON object")
    }).pipe(Effect.scoped))

  it.live("output that does not match the schema is AiBadOutput (and is not retried)", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion(`{"allowed":"maybe"}`))
      const error = yield* withModel(azure(fake), quick, (model) =>
        model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" })).pipe(Effect.flip)
      expect(error).toBeInstanceOf(AiBadOutput)
      expect(error).toMatchObject({ _tag: "AiBadOutput" })
      expect(error.message).toContain("reply does not match Verdict")
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("an empty reply is AiBadOutput", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion(""))
      const error = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "AiBadOutput" })
    }).pipe(Effect.scoped))
})

describe("OpenAiLanguageModel on an OpenAI-compatible server", () => {
  it.live("posts to /v1/chat/completions with Authorization: Bearer and the tier's model", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion("compatible"))
      const result = yield* withModel(compatible(fake), quick, (model) => model.complete(ask("reasoning")))
      expect(result.text).toBe("compatible")
      expect(result.model).toBe("m-reasoning")
      const [request] = fake.seen
      expect(request?.url).toBe("/v1/chat/completions")
      expect(request?.headers["authorization"]).toBe("Bearer sk-local")
      expect(request?.body).toMatchObject({ model: "m-reasoning" })
    }).pipe(Effect.scoped))

  it.live("without a key no Authorization header is sent", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion("keyless"))
      const result = yield* withModel(compatible(fake, Option.none()), quick, (model) => model.complete(ask("chat")))
      expect(result.text).toBe("keyless")
      expect(fake.seen[0]?.headers["authorization"]).toBeUndefined()
    }).pipe(Effect.scoped))
})
