/**
 * Structured outputs and provider differences, against the fake provider on
 * 127.0.0.1: the strict schema in the request body, the fallback to
 * `json_object` when a provider refuses `json_schema` (once per layer), the
 * `max_tokens` fallback, `reasoning_effort` on the reasoning tier only, and
 * refusals and content filters as AiRefused.
 */
import { AiBadOutput, AiRefused, AiUnavailable } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, Schema } from "effect"
import {
  ask,
  azure,
  badRequest,
  bodyOf,
  compatible,
  completion,
  filtered,
  promptFiltered,
  quick,
  refusal,
  type Seen,
  startFake,
  withModel
} from "./FakeProvider.js"

const Verdict = Schema.Struct({ allowed: Schema.Boolean, reason: Schema.String })
const Choice = Schema.Union(
  Schema.Struct({ action: Schema.Literal("post"), channel: Schema.String, topic: Schema.optional(Schema.String) }),
  Schema.Struct({ action: Schema.Literal("none"), reason: Schema.String })
)

const asksJsonSchema = (seen: Seen | undefined) => {
  const format = bodyOf(seen)["response_format"]
  return typeof format === "object" && format !== null && "type" in format && format.type === "json_schema"
}

const jsonSchemaRefused = badRequest(
  "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
  { param: "response_format" }
)

describe("strict structured outputs", () => {
  it.live("generateObject sends a strict json_schema by default and decodes the reply", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion(`{"allowed":true,"reason":"fine"}`))
      const result = yield* withModel(azure(fake), quick, (model) =>
        model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" }))
      expect(result.value).toEqual({ allowed: true, reason: "fine" })
      expect(bodyOf(fake.seen[0])).toMatchObject({
        response_format: {
          type: "json_schema",
          json_schema: {
            name: "Verdict",
            strict: true,
            schema: { type: "object", required: ["allowed", "reason"], additionalProperties: false }
          }
        }
      })
    }).pipe(Effect.scoped))

  it.live("a union is wrapped, optional fields come back absent when the model sends null", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() =>
        completion(JSON.stringify({ answer: { action: "post", channel: "tea", topic: null } }))
      )
      const result = yield* withModel(
        compatible(fake),
        quick,
        (model) => model.generateObject({ ...ask("reasoning"), schema: Choice, schemaName: "Choice" })
      )
      expect(result.value).toEqual({ action: "post", channel: "tea" })
      const schema = JSON.stringify(bodyOf(fake.seen[0])["response_format"])
      expect(schema).toContain(`"required":["action","channel","topic"]`)
      expect(schema).toContain(`"required":["answer"]`)
      expect(schema).not.toContain(`"additionalProperties":true`)
    }).pipe(Effect.scoped))

  it.live("a provider that refuses json_schema: fallback to json_object, and later calls go there directly", () =>
    Effect.gen(function*() {
      const fake = yield* startFake((seen) =>
        asksJsonSchema(seen) ? jsonSchemaRefused : completion(`{"allowed":false,"reason":"spam"}`)
      )
      const results = yield* withModel(compatible(fake), quick, (model) =>
        Effect.all([
          model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" }),
          model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" })
        ]))
      expect(results.map((r) => r.value)).toEqual([
        { allowed: false, reason: "spam" },
        { allowed: false, reason: "spam" }
      ])
      expect(fake.seen.map(asksJsonSchema)).toEqual([true, false, false])
      expect(bodyOf(fake.seen[1])).toMatchObject({ response_format: { type: "json_object" } })
      expect(JSON.stringify(bodyOf(fake.seen[1]))).toContain("It must validate against this JSON Schema")
    }).pipe(Effect.scoped))

  it.live("calls refused at the same time fall back together, and the fallback is logged once", () =>
    Effect.gen(function*() {
      const warnings: Array<string> = []
      const capture = Logger.make(({ logLevel, message }) => {
        if (logLevel._tag === "Warning") warnings.push(String(message))
      })
      const fake = yield* startFake((seen) =>
        asksJsonSchema(seen) ? jsonSchemaRefused : completion(`{"allowed":true,"reason":"fine"}`)
      )
      const results = yield* withModel(compatible(fake), quick, (model) =>
        Effect.all(
          Array.from({ length: 3 }, () => model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "V" })),
          { concurrency: "unbounded" }
        )).pipe(Effect.provide(Logger.replace(Logger.defaultLogger, capture)))
      expect(results).toHaveLength(3)
      expect(warnings.filter((w) => w.includes("json_schema"))).toHaveLength(1)
      expect(fake.seen.filter((seen) => !asksJsonSchema(seen))).toHaveLength(3)
    }).pipe(Effect.scoped))

  it.live("AI_STRUCTURED_OUTPUT=json_schema never falls back: the 400 is the caller's error", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => jsonSchemaRefused)
      const error = yield* withModel(
        compatible(fake),
        { ...quick, structuredOutput: "json_schema" },
        (model) => model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" })
      ).pipe(Effect.flip)
      expect(error).toBeInstanceOf(AiUnavailable)
      expect(error).toMatchObject({ status: 400 })
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("an unusable strict reply is still AiBadOutput, not retried", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion(`{"allowed":"maybe"}`))
      const error = yield* withModel(azure(fake), quick, (model) =>
        model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" })).pipe(Effect.flip)
      expect(error).toBeInstanceOf(AiBadOutput)
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))
})

describe("refusals and content filters", () => {
  it.live("message.refusal is AiRefused with the model's reason, not retried", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => refusal("I can't help with that request."))
      const error = yield* withModel(azure(fake), quick, (model) =>
        model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" })).pipe(Effect.flip)
      expect(error).toEqual(new AiRefused({ reason: "I can't help with that request." }))
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("finish_reason content_filter is AiRefused", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => filtered)
      const error = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      expect(error).toBeInstanceOf(AiRefused)
      expect(error.message).toContain("content filter")
    }).pipe(Effect.scoped))

  it.live("a 400 with code content_filter is AiRefused, not retried", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => promptFiltered)
      const error = yield* withModel(azure(fake), quick, (model) =>
        model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" })).pipe(Effect.flip)
      expect(error).toBeInstanceOf(AiRefused)
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))
})

describe("provider parameters", () => {
  it.live("a 400 rejecting max_completion_tokens: max_tokens from then on", () =>
    Effect.gen(function*() {
      const fake = yield* startFake((seen) =>
        "max_completion_tokens" in bodyOf(seen)
          ? badRequest("Unsupported parameter: 'max_completion_tokens'", { param: "max_completion_tokens" })
          : completion("short")
      )
      const results = yield* withModel(compatible(fake), quick, (model) =>
        Effect.all([
          model.complete({ ...ask("chat"), maxOutputTokens: 32 }),
          model.complete({ ...ask("chat"), maxOutputTokens: 16 })
        ]))
      expect(results.map((r) => r.text)).toEqual(["short", "short"])
      expect(fake.seen.map((seen) => bodyOf(seen)["max_completion_tokens"])).toEqual([32, undefined, undefined])
      expect(fake.seen.map((seen) => bodyOf(seen)["max_tokens"])).toEqual([undefined, 32, 16])
    }).pipe(Effect.scoped))

  it.live("reasoning_effort is sent on the reasoning tier only, and only when configured", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion("ok"))
      yield* withModel(
        compatible(fake),
        { ...quick, reasoningEffort: "low" },
        (model) =>
          Effect.all([model.complete(ask("reasoning")), model.complete(ask("chat")), model.complete(ask("fast"))])
      )
      yield* withModel(compatible(fake), quick, (model) => model.complete(ask("reasoning")))
      expect(fake.seen.map((seen) => bodyOf(seen)["reasoning_effort"])).toEqual([
        "low",
        undefined,
        undefined,
        undefined
      ])
    }).pipe(Effect.scoped))

  it.live("a provider that rejects reasoning_effort: dropped and remembered", () =>
    Effect.gen(function*() {
      const fake = yield* startFake((seen) =>
        "reasoning_effort" in bodyOf(seen)
          ? badRequest("Unrecognized request argument supplied: reasoning_effort")
          : completion("thought")
      )
      const results = yield* withModel(azure(fake), { ...quick, reasoningEffort: "high" }, (model) =>
        Effect.all([model.complete(ask("reasoning")), model.complete(ask("reasoning"))]))
      expect(results.map((r) =>
        r.text
      )).toEqual(["thought", "thought"])
      expect(fake.seen.map((seen) => "reasoning_effort" in bodyOf(seen))).toEqual([true, false, false])
    }).pipe(Effect.scoped))

  it.live("a 400 naming nothing we can change is AiUnavailable at once", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => badRequest("messages: too long"))
      const error = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "AiUnavailable", status: 400 })
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))
})
