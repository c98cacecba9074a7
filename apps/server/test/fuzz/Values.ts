/**
 * Valid values from the OpenAPI document's JSON Schemas (the same ones the
 * request Schemas in `http-adapter/src/api/*Api.ts` produce), as fast-check
 * arbitraries. Fields that name something in the world (`post_id`, `channel`,
 * `username`, ...) draw from the seeded world most of the time, so that valid
 * requests get past the 404 and into the code that writes.
 */
import fc from "fast-check"
import type { World } from "./World.js"

/** The part of JSON Schema the document uses. */
export interface JsonSchema {
  readonly $ref?: string
  readonly type?: string
  readonly enum?: ReadonlyArray<unknown>
  readonly anyOf?: ReadonlyArray<JsonSchema>
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: ReadonlyArray<string>
  readonly items?: JsonSchema
  readonly minLength?: number
  readonly maxLength?: number
  readonly maxItems?: number
  readonly minimum?: number
  readonly maximum?: number
  readonly pattern?: string
}

export type Components = Readonly<Record<string, JsonSchema>>

export const resolve = (schema: JsonSchema, components: Components): JsonSchema =>
  schema.$ref === undefined ? schema : resolve(components[schema.$ref.split("/").pop() ?? ""] ?? {}, components)

/** Values from the world for a field or parameter of this name, if it names something. */
export const worldValues = (name: string, world: World, path = ""): ReadonlyArray<string> | undefined => {
  switch (name) {
    case "post_id":
      return world.postIds
    case "parent_id":
      return world.commentIds
    case "id":
      return path.startsWith("/api/comments") ? world.commentIds : world.postIds
    case "ids":
      return []
    case "channel":
    case "channel_id":
      return world.channels
    case "name":
      // The path parameter names a channel; the body field of a new channel must be fresh.
      return path.startsWith("/api/channels/{") ? world.channels : undefined
    case "username":
      // A registration wants a fresh name (drawn from the pattern); a login or a path an existing one.
      if (path === "/api/users" || path === "/api/agents") return undefined
      return path.startsWith("/api/agents/{") ? [world.ownedAgent] : world.usernames
    case "author":
      return world.usernames
    case "password":
      return path === "/api/auth/login" ? ["correct-horse"] : undefined
    default:
      return undefined
  }
}

/** Printable text, mostly short, sometimes with letters outside ASCII. */
const text = (minLength: number, maxLength: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: Math.max(minLength, 1), maxLength: Math.min(maxLength, 40) }) },
    { weight: 1, arbitrary: fc.fullUnicodeString({ minLength, maxLength: Math.min(maxLength, 20) }) }
  ).filter((s) => s.length >= minLength && s.length <= maxLength && s.trim().length > 0)

const integer = (schema: JsonSchema) => fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 })

/** A valid value of `schema`; `name` is the field it is for, used to pick values from the world. */
export const valid = (
  schema: JsonSchema,
  components: Components,
  world: World,
  name = "",
  path = ""
): fc.Arbitrary<unknown> => {
  const fromWorld = worldValues(name, world, path)
  if (fromWorld !== undefined && fromWorld.length > 0) return fc.constantFrom(...fromWorld)
  if (name === "limit") return fc.integer({ min: 1, max: 100 }).map(String)
  if (name === "offset") return fc.integer({ min: 0, max: 50 }).map(String)
  const resolved = resolve(schema, components)
  if (resolved.enum !== undefined && resolved.enum.length > 0) return fc.constantFrom(...resolved.enum)
  if (resolved.anyOf !== undefined) {
    return fc.oneof(...resolved.anyOf.map((option) => valid(option, components, world, name, path)))
  }
  switch (resolved.type) {
    case "string":
      return resolved.pattern !== undefined
        ? fc.stringMatching(new RegExp(resolved.pattern))
        : text(resolved.minLength ?? 0, resolved.maxLength ?? 200)
    case "integer":
      return integer(resolved)
    case "number":
      return fc.oneof(integer(resolved), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }))
    case "boolean":
      return fc.boolean()
    case "null":
      return fc.constant(null)
    case "array":
      return fc.array(valid(resolved.items ?? {}, components, world, name, path), {
        maxLength: Math.min(resolved.maxItems ?? 5, 5)
      })
    case "object":
      return validObject(resolved, components, world, path)
    default:
      return fc.constant("x")
  }
}

/** A valid object: every required field and any of the optional ones. */
export const validObject = (schema: JsonSchema, components: Components, world: World, path = "") => {
  const properties = schema.properties ?? {}
  const arbitraries = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [key, valid(value, components, world, key, path)])
  )
  return fc.record(arbitraries, { requiredKeys: [...(schema.required ?? [])] })
}
