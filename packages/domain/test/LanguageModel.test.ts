/**
 * The language-model port on the scripted implementation: plain completions,
 * structured output (valid, not JSON, wrong shape), scripted failures passing
 * through, the recorded prompts, and the unconfigured model.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Schema } from "effect"
import { AiBadOutput, AiNotConfigured, AiRateLimited, AiUnavailable } from "../src/AiErrors.js"
import { type CompletionRequest, decodeJsonReply, LanguageModel } from "../src/LanguageModel.js"
import * as LanguageModelUnconfigured from "../src/LanguageModelUnconfigured.js"
import { LanguageModelScript, LanguageModelScripted } from "../src/testing.js"

const Action = Schema.Struct({
  action: Schema.Literal("post", "reply", "vote", "none"),
  target: Schema.optional(Schema.String)
})

const ask = (content: string): CompletionRequest => ({
  tier: "chat",
  system: "You are a test.",
  messages: [{ role: "user", content }]
})

describe("LanguageModel (scripted)", () => {
  it.effect("complete answers the script in order and reports tier, model and usage", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const first = yield* model.complete(ask("one"))
      const second = yield* model.complete({ ...ask("two"), tier: "fast" })
      expect(first.text).toBe("first reply")
      expect(first.tier).toBe("chat")
      expect(first.model).toBe("scripted-chat")
      expect(first.usage.outputTokens).toBeGreaterThan(0)
      expect(second.text).toBe("second")
      expect(second.tier).toBe("fast")
    }).pipe(Effect.provide(LanguageModelScripted.layer(["first reply", "second"]))))

  it.effect("generateObject decodes a valid reply (also inside a code fence)", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const plain = yield* model.generateObject({
        ...ask("act"),
        tier: "reasoning",
        schema: Action,
        schemaName: "Action"
      })
      expect(plain.value).toEqual({ action: "vote", target: "p1" })
      expect(plain.tier).toBe("reasoning")
      const fenced = yield* model.generateObject({ ...ask("act"), schema: Action, schemaName: "Action" })
      expect(fenced.value).toEqual({ action: "none" })
    }).pipe(Effect.provide(LanguageModelScripted.layer([
      `{"action":"vote","target":"p1"}`,
      "```json\n{\"action\":\"none\"}\n```"
    ]))))

  it.effect("a reply that is not JSON is AiBadOutput with a short reason", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const error = yield* Effect.flip(model.generateObject({ ...ask("act"), schema: Action, schemaName: "Action" }))
      expect(error).toBeInstanceOf(AiBadOutput)
      expect(error._tag).toBe("AiBadOutput")
      if (error._tag === "AiBadOutput") {
        expect(error.reason).toMatch(/^reply is not JSON/)
        expect(error.reason.length).toBeLessThan(300)
        expect(error.reason).not.toContain("x".repeat(201))
      }
    }).pipe(Effect.provide(LanguageModelScripted.layer([`Sure! Here you go: ${"x".repeat(5000)}`]))))

  it.effect("a reply that does not match the schema is AiBadOutput naming the schema and the path", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const error = yield* Effect.flip(model.generateObject({ ...ask("act"), schema: Action, schemaName: "Action" }))
      expect(error._tag).toBe("AiBadOutput")
      if (error._tag === "AiBadOutput") {
        expect(error.reason).toMatch(/^reply does not match Action: action: /)
      }
    }).pipe(Effect.provide(LanguageModelScripted.layer([`{"action":"delete everything"}`]))))

  it.effect("decodeJsonReply keeps the reason short even for huge mismatching values", () =>
    Effect.gen(function*() {
      const result = yield* Effect.either(
        decodeJsonReply(Action, "Action", JSON.stringify({ action: "y".repeat(10_000) }))
      )
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) expect(result.left.reason.length).toBeLessThan(300)
    }))

  it.effect("scripted errors pass through; an exhausted script is AiUnavailable", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const limited = yield* Effect.flip(model.complete(ask("a")))
      expect(limited).toEqual(new AiRateLimited({ retryAfterSeconds: 7 }))
      const objectCall = yield* Effect.flip(model.generateObject({ ...ask("b"), schema: Action, schemaName: "Action" }))
      expect(objectCall).toEqual(new AiUnavailable({ reason: "down", status: 503 }))
      const exhausted = yield* Effect.flip(model.complete(ask("c")))
      expect(exhausted).toEqual(new AiUnavailable({ reason: "script exhausted" }))
      const script = yield* LanguageModelScript
      yield* script.push("late reply")
      expect(yield* script.remaining).toBe(1)
      expect((yield* model.complete(ask("d"))).text).toBe("late reply")
    }).pipe(Effect.provide(LanguageModelScripted.layer([
      new AiRateLimited({ retryAfterSeconds: 7 }),
      new AiUnavailable({ reason: "down", status: 503 })
    ]))))

  it.effect("every request is recorded as the model saw it, JSON instruction included", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const script = yield* LanguageModelScript
      yield* model.complete({ ...ask("hello"), maxOutputTokens: 50 })
      yield* model.generateObject({ ...ask("choose"), tier: "reasoning", schema: Action, schemaName: "Action" })
      const [text, object] = yield* script.requests
      expect(text).toEqual({ ...ask("hello"), maxOutputTokens: 50, kind: "text" })
      expect(object?.kind).toBe("object")
      expect(object?.schemaName).toBe("Action")
      expect(object?.tier).toBe("reasoning")
      expect(object?.messages).toEqual([{ role: "user", content: "choose" }])
      expect(object?.system).toMatch(/^You are a test\.\n\nReply with exactly one JSON object \(a "Action"\)/)
      expect(object?.system).toContain(`"enum":["post","reply","vote","none"]`)
    }).pipe(Effect.provide(LanguageModelScripted.layer(["hi", `{"action":"none"}`]))))

  it.effect("the unconfigured model fails every call with AiNotConfigured", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      expect(yield* Effect.flip(model.complete(ask("x")))).toEqual(new AiNotConfigured())
      expect(yield* Effect.flip(model.generateObject({ ...ask("x"), schema: Action, schemaName: "Action" })))
        .toEqual(new AiNotConfigured())
    }).pipe(Effect.provide(LanguageModelUnconfigured.layer)))
})
