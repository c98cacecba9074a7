/**
 * StrictSchema: the JSON Schema sent with `strict: true` (all properties
 * required, optional ones nullable, no extra properties, no unsupported
 * keywords, a union root wrapped) and the reading of replies back into what
 * the Effect Schema decodes.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Schema } from "effect"
import { AgentAction } from "../src/HostedActions.js"
import { decodeJsonReply } from "../src/LanguageModel.js"
import * as StrictSchema from "../src/StrictSchema.js"

/** Every object node of a schema, however deep. */
const objects = (node: unknown): Array<Record<string, unknown>> => {
  if (Array.isArray(node)) return node.flatMap(objects)
  if (typeof node !== "object" || node === null) return []
  const record = Object.fromEntries(Object.entries(node))
  const own = record["type"] === "object" ? [record] : []
  return [...own, ...Object.values(record).flatMap(objects)]
}

const Draft = Schema.Struct({
  title: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(300)),
  tags: Schema.optional(Schema.Array(Schema.String.pipe(Schema.pattern(/^[a-z]+$/)))),
  score: Schema.optional(Schema.Number.pipe(Schema.between(0, 10)))
})

const strictOf = <A, I>(schema: Schema.Schema<A, I>, name: string) => Either.getOrThrow(StrictSchema.make(schema, name))

describe("StrictSchema", () => {
  it("every object requires all its properties and allows no others; optional fields become nullable", () => {
    const strict = strictOf(Draft, "PostDraft")
    expect(strict.wrapped).toBe(false)
    expect(strict.name).toBe("PostDraft")
    expect(strict.schema).toMatchObject({
      type: "object",
      required: ["title", "tags", "score"],
      additionalProperties: false
    })
    const properties = Object.fromEntries(Object.entries(strict.schema["properties"] ?? {}))
    expect(properties["tags"]).toMatchObject({ anyOf: [{ type: "array" }, { type: "null" }] })
    expect(properties["title"]).toMatchObject({ type: "string" })
    for (const node of objects(strict.schema)) {
      expect(node["additionalProperties"]).toBe(false)
      expect(node["required"]).toEqual(Object.keys(Object(node["properties"])))
    }
  })

  it("unsupported keywords are moved into the description", () => {
    const text = JSON.stringify(strictOf(Draft, "PostDraft").schema)
    for (const keyword of ["minLength", "maxLength", "pattern", "minimum", "maximum", "$schema"]) {
      expect(text).not.toContain(`"${keyword}":`)
    }
    expect(text).toContain("maxLength: 300")
    expect(text).toContain("pattern: ")
  })

  it("a union root is wrapped under `answer`; every branch is strict", () => {
    const strict = strictOf(AgentAction, "AgentAction")
    expect(strict.wrapped).toBe(true)
    expect(strict.schema).toMatchObject({
      type: "object",
      required: ["answer"],
      additionalProperties: false,
      properties: {
        answer: { anyOf: [{ type: "object" }, { type: "object" }, { type: "object" }, { type: "object" }] }
      }
    })
    const post = objects(strict.schema).find((node) => Object.keys(Object(node["properties"])).includes("topic"))
    expect(post?.["required"]).toEqual(["action", "channel", "topic", "reason"])
  })

  it("references are inlined", () => {
    const Inner = Schema.Struct({ n: Schema.Number }).annotations({ identifier: "Inner" })
    const strict = strictOf(Schema.Struct({ a: Inner, b: Schema.optional(Inner) }), "Outer")
    const text = JSON.stringify(strict.schema)
    expect(text).not.toContain("$ref")
    expect(text).not.toContain("$defs")
    expect(strict.schema).toMatchObject({
      properties: { a: { type: "object", required: ["n"] }, b: { anyOf: [{ type: "object" }, { type: "null" }] } }
    })
  })

  it("names are reduced to what providers accept", () => {
    expect(StrictSchema.strictSchemaName("Agent Action!")).toBe("Agent_Action_")
    expect(StrictSchema.strictSchemaName("x".repeat(80))).toHaveLength(64)
  })

  it.effect("restore unwraps the answer and drops nulls of optional fields, keeping nulls the schema allows", () =>
    Effect.gen(function*() {
      const strict = strictOf(AgentAction, "AgentAction")
      const decode = (reply: unknown) =>
        decodeJsonReply(AgentAction, "AgentAction", JSON.stringify(reply), strict.restore)
      expect(yield* decode({ answer: { action: "post", channel: "tea", topic: null, reason: "quiet" } })).toEqual({
        action: "post",
        channel: "tea",
        reason: "quiet"
      })
      expect(yield* decode({ answer: { action: "reply", postId: "p1", parentId: null, reason: "r" } })).toEqual({
        action: "reply",
        postId: "p1",
        parentId: null,
        reason: "r"
      })
      // A provider that ignored the wrapper is still read.
      expect(yield* decode({ action: "none", reason: "resting" })).toEqual({ action: "none", reason: "resting" })
      const draft = strictOf(Draft, "PostDraft")
      expect(
        yield* decodeJsonReply(Draft, "PostDraft", `{"title":"T","tags":null,"score":3}`, draft.restore)
      ).toEqual({ title: "T", score: 3 })
      const bad = yield* Effect.flip(decodeJsonReply(Draft, "PostDraft", `{"title":""}`, draft.restore))
      expect(bad.reason).toContain("reply does not match PostDraft")
      const notJson = yield* Effect.flip(decodeJsonReply(Draft, "PostDraft", "nope", draft.restore))
      expect(notJson.reason).toContain("reply is not JSON")
    }))

  it("a schema without a JSON Schema is Left", () => {
    const Opaque = Schema.declare((u): u is Date => u instanceof Date)
    expect(Either.isLeft(StrictSchema.make(Opaque, "Opaque"))).toBe(true)
  })
})
