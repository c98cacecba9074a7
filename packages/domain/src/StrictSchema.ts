/**
 * The JSON Schema of a structured call shaped for providers' strict mode
 * (OpenAI / Azure `json_schema` with `strict: true`, Ollama, vLLM): derived
 * from the caller's Effect Schema with `JSONSchema.make`, then every property
 * required (optional ones made nullable), `additionalProperties: false` on
 * every object, references inlined, and the keywords strict mode refuses
 * (lengths, patterns, bounds, formats...) moved into `description` text. A
 * root that is not an object (a union) is wrapped as `{ "answer": ... }`,
 * since strict mode wants an object at the root. `restore` undoes both on a
 * reply: it unwraps the answer and turns the nulls of optional fields back
 * into absent fields, so the Effect Schema decodes the reply as it would have
 * without strict mode.
 */
import * as Either from "effect/Either"
import * as JSONSchema from "effect/JSONSchema"
import type * as Schema from "effect/Schema"

type JsonRecord = Readonly<Record<string, unknown>>

/** A strict-mode schema and how to read replies that follow it. */
export interface StrictSchema {
  /** The `json_schema.name` a provider accepts: letters, digits, `_` and `-`, at most 64. */
  readonly name: string
  /** The schema to send with `strict: true`. */
  readonly schema: JsonRecord
  /** Whether the answer is wrapped under `answer` (the root schema was not an object). */
  readonly wrapped: boolean
  /** A parsed reply as the original schema expects it. */
  readonly restore: (reply: unknown) => unknown
}

/** The property a non-object root is wrapped in. */
export const wrapperKey = "answer"

/** Keywords strict mode accepts; the others become text in `description`. */
const kept = new Set(["type", "enum", "const", "anyOf", "items", "properties", "required", "additionalProperties"])
/** Keywords that carry no constraint worth describing. */
const dropped = new Set(["$schema", "$id", "$defs", "definitions", "$comment", "title", "$ref", "description"])

/** Deeper nesting than this is left unconstrained: a recursive schema cannot be inlined forever. */
const maxDepth = 24

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const asArray = (value: unknown): ReadonlyArray<unknown> => Array.isArray(value) ? value : []

const stringsOf = (value: unknown): ReadonlyArray<string> =>
  asArray(value).filter((item): item is string => typeof item === "string")

/** The definition a `$ref` such as `#/$defs/Name` points to. */
const resolveRef = (node: JsonRecord, defs: JsonRecord): JsonRecord | undefined => {
  const ref = node["$ref"]
  if (typeof ref !== "string") return undefined
  const name = ref.replace(/^#\/(\$defs|definitions)\//, "")
  const target = defs[name]
  return isRecord(target) ? target : undefined
}

/** Whether a schema already admits `null`. */
const allowsNull = (node: JsonRecord): boolean =>
  node["type"] === "null" ||
  (Array.isArray(node["type"]) && node["type"].includes("null")) ||
  asArray(node["anyOf"]).some((branch) => isRecord(branch) && allowsNull(branch))

const describe = (node: JsonRecord): string | undefined => {
  const constraints = Object.entries(node)
    .filter(([key]) => !kept.has(key) && !dropped.has(key))
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
  const own = typeof node["description"] === "string" ? [node["description"]] : []
  const all = [...own, ...(constraints.length === 0 ? [] : [`Constraints: ${constraints.join(", ")}`])]
  return all.length === 0 ? undefined : all.join(". ")
}

const strictNode = (input: JsonRecord, defs: JsonRecord, depth: number): JsonRecord => {
  if (depth > maxDepth) return {}
  const target = resolveRef(input, defs)
  if (target !== undefined) return strictNode(target, defs, depth + 1)
  const node: JsonRecord = Array.isArray(input["oneOf"]) && input["anyOf"] === undefined
    ? { ...input, anyOf: input["oneOf"], oneOf: undefined }
    : input
  const out: Record<string, unknown> = {}
  const description = describe(Object.fromEntries(Object.entries(node).filter(([, value]) => value !== undefined)))
  if (description !== undefined) out["description"] = description
  for (const key of ["type", "enum", "const"]) {
    if (node[key] !== undefined) out[key] = node[key]
  }
  if (Array.isArray(node["anyOf"])) {
    out["anyOf"] = node["anyOf"].filter(isRecord).map((branch) => strictNode(branch, defs, depth + 1))
  }
  if (isRecord(node["items"])) out["items"] = strictNode(node["items"], defs, depth + 1)
  if (node["type"] === "object" || isRecord(node["properties"])) {
    const properties = isRecord(node["properties"]) ? node["properties"] : {}
    const required = new Set(stringsOf(node["required"]))
    const strictProperties: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(properties)) {
      if (!isRecord(value)) continue
      const property = strictNode(value, defs, depth + 1)
      strictProperties[key] = required.has(key) || allowsNull(property)
        ? property
        : { anyOf: [property, { type: "null" }] }
    }
    out["type"] = "object"
    out["properties"] = strictProperties
    out["required"] = Object.keys(strictProperties)
    out["additionalProperties"] = false
  }
  return out
}

/** Picks the branch of a union whose constants and required properties the value has. */
const branchFor = (branches: ReadonlyArray<JsonRecord>, value: unknown, defs: JsonRecord): JsonRecord | undefined =>
  branches.find((raw) => {
    const branch = resolveRef(raw, defs) ?? raw
    if (value === null) return allowsNull(branch)
    if (!isRecord(value)) return !isRecord(branch["properties"])
    const properties = isRecord(branch["properties"]) ? branch["properties"] : undefined
    if (properties === undefined) return false
    const requiredPresent = stringsOf(branch["required"]).every((key) => key in value)
    const constantsMatch = Object.entries(properties).every(([key, schema]) => {
      if (!isRecord(schema) || !(key in value)) return true
      const allowed = Array.isArray(schema["enum"]) ? schema["enum"] : "const" in schema ? [schema["const"]] : undefined
      return allowed === undefined || allowed.includes(value[key])
    })
    return requiredPresent && constantsMatch
  })

/** Drops the nulls strict mode put in optional, non-nullable fields, following the original schema. */
const restoreNode = (input: JsonRecord, value: unknown, defs: JsonRecord, depth: number): unknown => {
  if (depth > maxDepth) return value
  const node = resolveRef(input, defs) ?? input
  const branches = asArray(node["anyOf"] ?? node["oneOf"]).filter(isRecord)
  if (branches.length > 0) {
    const branch = branchFor(branches, value, defs)
    return branch === undefined ? value : restoreNode(branch, value, defs, depth + 1)
  }
  if (Array.isArray(value) && isRecord(node["items"])) {
    const items = node["items"]
    return value.map((item) => restoreNode(items, item, defs, depth + 1))
  }
  if (isRecord(value) && isRecord(node["properties"])) {
    const properties = node["properties"]
    const required = new Set(stringsOf(node["required"]))
    const entries = Object.entries(value).flatMap(([key, field]): Array<[string, unknown]> => {
      const schema = properties[key]
      if (!isRecord(schema)) return [[key, field]]
      const target = resolveRef(schema, defs) ?? schema
      if (field === null && !required.has(key) && !allowsNull(target)) return []
      return [[key, restoreNode(schema, field, defs, depth + 1)]]
    })
    return Object.fromEntries(entries)
  }
  return value
}

/** A schema name as providers accept it. */
export const strictSchemaName = (schemaName: string): string =>
  schemaName.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64) || "Reply"

/** Shapes a JSON Schema (as `JSONSchema.make` writes it) for strict mode. */
export const fromJsonSchema = (schemaName: string, jsonSchema: JsonRecord): StrictSchema => {
  const defs = isRecord(jsonSchema["$defs"])
    ? jsonSchema["$defs"]
    : isRecord(jsonSchema["definitions"])
    ? jsonSchema["definitions"]
    : {}
  const root = strictNode(jsonSchema, defs, 0)
  const wrapped = root["type"] !== "object"
  const schema: JsonRecord = wrapped
    ? { type: "object", properties: { [wrapperKey]: root }, required: [wrapperKey], additionalProperties: false }
    : root
  return {
    name: strictSchemaName(schemaName),
    schema,
    wrapped,
    restore: (reply) => {
      // A provider that ignored the wrapper still gets its answer read.
      const unwrapped = wrapped && isRecord(reply) && Object.keys(reply).length === 1 && wrapperKey in reply
        ? reply[wrapperKey]
        : reply
      return restoreNode(jsonSchema, unwrapped, defs, 0)
    }
  }
}

/** The strict-mode schema of an Effect Schema, or the reason it has no JSON Schema (e.g. a declaration). */
export const make = <A, I>(schema: Schema.Schema<A, I>, schemaName: string): Either.Either<StrictSchema, string> =>
  Either.try({
    try: () => JSONSchema.make(schema),
    catch: (error) => error instanceof Error ? error.message : "no JSON Schema"
  }).pipe(Either.map((jsonSchema) => fromJsonSchema(schemaName, { ...jsonSchema })))
