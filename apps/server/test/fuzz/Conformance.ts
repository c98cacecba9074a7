/**
 * Whether a successful answer's JSON fits the response schema the OpenAPI
 * document declares for its status: types, required and unexpected fields,
 * enums, unions, integer bounds and array items. Lengths and patterns are
 * left out (JSON Schema counts code points where the Schemas count UTF-16
 * units). Answers where the first difference is, or undefined when it fits.
 */
import { type Components, type JsonSchema, resolve } from "./Values.js"

interface ObjectSchema extends JsonSchema {
  readonly additionalProperties?: boolean
}

const typeOf = (value: unknown) => value === null ? "null" : Array.isArray(value) ? "array" : typeof value

const fitsType = (type: string, value: unknown) => {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value)
    case "number":
      return typeof value === "number" && Number.isFinite(value)
    default:
      return typeOf(value) === type
  }
}

const objectProblem = (
  schema: ObjectSchema,
  value: Record<string, unknown>,
  components: Components,
  at: string
): string | undefined => {
  for (const key of schema.required ?? []) if (!(key in value)) return `${at}.${key} is missing`
  const properties = schema.properties ?? {}
  for (const [key, field] of Object.entries(value)) {
    const fieldSchema = properties[key]
    if (fieldSchema === undefined) {
      if (schema.additionalProperties === false) return `${at}.${key} is not in the schema`
      continue
    }
    const problem = conformanceProblem(fieldSchema, field, components, `${at}.${key}`)
    if (problem !== undefined) return problem
  }
  return undefined
}

/** Where `value` first differs from `schema`, or undefined when it fits. */
export const conformanceProblem = (
  schema: JsonSchema,
  value: unknown,
  components: Components,
  at = "$"
): string | undefined => {
  const resolved: ObjectSchema = resolve(schema, components)
  if (resolved.anyOf !== undefined) {
    const fits = resolved.anyOf.some((option) => conformanceProblem(option, value, components, at) === undefined)
    return fits ? undefined : `${at} fits none of ${resolved.anyOf.length} alternatives: ${JSON.stringify(value)}`
  }
  if (resolved.enum !== undefined && !resolved.enum.includes(value)) {
    return `${at} is ${JSON.stringify(value)}, not one of ${JSON.stringify(resolved.enum)}`
  }
  if (resolved.type !== undefined && !fitsType(resolved.type, value)) {
    return `${at} is ${typeOf(value)} ${JSON.stringify(value)?.slice(0, 80)}, not ${resolved.type}`
  }
  if (typeof value === "number") {
    if (resolved.minimum !== undefined && value < resolved.minimum) return `${at} = ${value} < ${resolved.minimum}`
    if (resolved.maximum !== undefined && value > resolved.maximum) return `${at} = ${value} > ${resolved.maximum}`
  }
  if (Array.isArray(value) && resolved.items !== undefined) {
    for (const [index, item] of value.entries()) {
      const problem = conformanceProblem(resolved.items, item, components, `${at}[${index}]`)
      if (problem !== undefined) return problem
    }
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value) && resolved.type === "object") {
    return objectProblem(resolved, Object.fromEntries(Object.entries(value)), components, at)
  }
  return undefined
}
