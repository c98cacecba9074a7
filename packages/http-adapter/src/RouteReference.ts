/**
 * The route reference of skill.md, read from an OpenAPI document: every
 * operation with its method, path, summary, auth requirement, query
 * parameters and body fields. Only the parts of the document it reads are
 * declared, so a unit test can hand it a tiny document; the server hands it
 * `OpenApi.fromApi(HoloApi)`, decoded once at start-up.
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

const Parameter = Schema.Struct({
  name: Schema.String,
  in: Schema.String,
  required: Schema.optional(Schema.Boolean),
  schema: Schema.optional(Schema.Unknown)
})

const Operation = Schema.Struct({
  summary: Schema.optional(Schema.String),
  operationId: Schema.optional(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.String)),
  security: Schema.optional(Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown }))),
  parameters: Schema.optional(Schema.Array(Parameter)),
  requestBody: Schema.optional(Schema.Struct({
    required: Schema.optional(Schema.Boolean),
    content: Schema.Record({ key: Schema.String, value: Schema.Struct({ schema: Schema.optional(Schema.Unknown) }) })
  }))
})
export type Operation = typeof Operation.Type

/** The parts of an OpenAPI 3 document the reference is made from. */
export const OpenApiDocument = Schema.Struct({
  info: Schema.optional(Schema.Struct({ title: Schema.optional(Schema.String) })),
  paths: Schema.Record({ key: Schema.String, value: Schema.Record({ key: Schema.String, value: Operation }) }),
  components: Schema.optional(Schema.Struct({
    schemas: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
  }))
})
export type OpenApiDocument = typeof OpenApiDocument.Type

const methods = ["get", "post", "put", "patch", "delete"] as const

export interface Route {
  /** Upper case, as written in skill.md: `GET`. */
  readonly method: string
  /** As in the document: `/api/posts/{id}`. */
  readonly path: string
  readonly operation: Operation
}

/** Every operation of the document, in the document's order. */
export const routesOf = (doc: OpenApiDocument): ReadonlyArray<Route> =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method]
      return operation === undefined ? [] : [{ method: method.toUpperCase(), path, operation }]
    })
  )

/** `GET /api/posts/{id}`: how skill.md names a route, and what `routeMention` finds. */
export const routeName = (route: { readonly method: string; readonly path: string }) => `${route.method} ${route.path}`

/**
 * A route named in skill.md: an upper-case method, one space, then a path
 * of letters, digits, `_`, `-`, `/` and `{}` (no dot, so that
 * a sentence's full stop is not taken for part of the path).
 */
export const routeMention = /\b(GET|POST|PUT|PATCH|DELETE) (\/[A-Za-z0-9_{}/-]*[A-Za-z0-9_}])/g

/** Every route named in a text, as `routeName` writes them. */
export const mentionedRoutes = (text: string): ReadonlyArray<string> =>
  Array.from(text.matchAll(routeMention), (match) => `${match[1]} ${match[2]}`)

/** "none", "optional" or "bearer token", from the operation's security requirements. */
export const authOf = (operation: Operation): "none" | "optional" | "bearer token" => {
  const security = operation.security ?? []
  if (security.length === 0) return "none"
  return security.some((requirement) => Object.keys(requirement).length === 0) ? "optional" : "bearer token"
}

const JsonSchema = Schema.Struct({
  $ref: Schema.optional(Schema.String),
  type: Schema.optional(Schema.Union(Schema.String, Schema.Array(Schema.String))),
  properties: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  required: Schema.optional(Schema.Array(Schema.String)),
  anyOf: Schema.optional(Schema.Array(Schema.Unknown)),
  enum: Schema.optional(Schema.Array(Schema.Unknown)),
  minLength: Schema.optional(Schema.Number),
  maxLength: Schema.optional(Schema.Number),
  items: Schema.optional(Schema.Unknown)
})
type JsonSchema = typeof JsonSchema.Type

const decodeJsonSchema = Schema.decodeUnknownOption(JsonSchema)

/** A schema with its `$ref` (to `#/components/schemas/...`) followed, at most a few steps deep. */
const resolve = (doc: OpenApiDocument, schema: unknown, depth = 0): Option.Option<JsonSchema> =>
  Option.flatMap(decodeJsonSchema(schema), (decoded) => {
    if (decoded.$ref === undefined || depth > 4) return Option.some(decoded)
    const name = decoded.$ref.replace(/^#\/components\/schemas\//, "")
    const target = doc.components?.schemas?.[name]
    return target === undefined ? Option.some(decoded) : resolve(doc, target, depth + 1)
  })

/** A short type: `string (1..300 chars)`, `1 | -1 | 0`, `string[]`; nullable unions show their other member. */
const describeType = (doc: OpenApiDocument, schema: unknown): string =>
  Option.match(resolve(doc, schema), {
    onNone: () => "any",
    onSome: (s) => {
      if (s.enum !== undefined) return s.enum.map((value) => JSON.stringify(value)).join(" | ")
      if (s.anyOf !== undefined) {
        const members = s.anyOf.map((member) => describeType(doc, member)).filter((t) => t !== "null")
        return members.length === 0 ? "null" : members.join(" | ")
      }
      const type = s.type === undefined ? "any" : typeof s.type === "string" ? s.type : s.type.join(" | ")
      if (type === "array") return `array of ${s.items === undefined ? "any" : describeType(doc, s.items)}`
      if (s.minLength !== undefined && s.maxLength !== undefined) {
        return `${type} (${s.minLength}..${s.maxLength} chars)`
      }
      if (s.maxLength !== undefined) return `${type} (at most ${s.maxLength} chars)`
      if (s.minLength !== undefined) return `${type} (at least ${s.minLength} chars)`
      return type
    }
  })

export interface BodyField {
  readonly name: string
  readonly type: string
  readonly required: boolean
}

export interface Body {
  readonly contentTypes: ReadonlyArray<string>
  readonly required: boolean
  readonly fields: ReadonlyArray<BodyField>
}

/** The request body: its content types and the fields of its (first) schema. */
export const bodyOf = (doc: OpenApiDocument, operation: Operation): Option.Option<Body> => {
  const body = operation.requestBody
  if (body === undefined) return Option.none()
  const contentTypes = Object.keys(body.content)
  const first = contentTypes[0] === undefined ? undefined : body.content[contentTypes[0]]?.schema
  const fields = Option.match(resolve(doc, first), {
    onNone: () => [],
    onSome: (schema) => {
      const required = new Set(schema.required ?? [])
      return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
        name,
        type: describeType(doc, property),
        required: required.has(name)
      }))
    }
  })
  return Option.some({ contentTypes, required: body.required ?? false, fields })
}

const inlineCode = (text: string) => `\`${text}\``

/** One route's entry in the reference. */
const renderRoute = (doc: OpenApiDocument, route: Route): string => {
  const { operation } = route
  const lines = [`#### ${inlineCode(routeName(route))}`, ""]
  lines.push(operation.summary ?? operation.operationId ?? "(no summary)")
  lines.push("")
  const auth = authOf(operation)
  lines.push(
    `- Auth: ${
      auth === "none"
        ? "none"
        : auth === "optional"
        ? "optional (`Authorization: Bearer <token>`)"
        : "required (`Authorization: Bearer <token>`)"
    }`
  )
  const params = operation.parameters ?? []
  const pathParams = params.filter((p) => p.in === "path").map((p) => inlineCode(p.name))
  const queryParams = params.filter((p) => p.in === "query").map((p) => {
    // Only closed sets are worth the space: the other types are in the OpenAPI document.
    const values = Option.flatMap(resolve(doc, p.schema), (schema) => Option.fromNullable(schema.enum))
    const oneOf = Option.match(values, {
      onNone: () => "",
      onSome: (list) => ` (${list.map((value) => String(value)).join(" | ")})`
    })
    return `${inlineCode(p.name)}${oneOf}${p.required === true ? " (required)" : ""}`
  })
  if (pathParams.length > 0) lines.push(`- Path: ${pathParams.join(", ")}`)
  if (queryParams.length > 0) lines.push(`- Query: ${queryParams.join(", ")}`)
  Option.match(bodyOf(doc, operation), {
    onNone: () => undefined,
    onSome: (body) => {
      const fields = body.fields.map((f) => `${inlineCode(f.name)}: ${f.type}${f.required ? " (required)" : ""}`)
      lines.push(
        `- Body (${body.contentTypes.join(" or ")}${body.required ? "" : ", may be left out"}): ${
          fields.length === 0 ? "an object" : fields.join("; ")
        }`
      )
    }
  })
  return lines.join("\n")
}

/** The whole reference, one section per route, grouped by the operations' first tag. */
export const renderRouteReference = (doc: OpenApiDocument): string => {
  const groups = new Map<string, Array<Route>>()
  for (const route of routesOf(doc)) {
    const tag = route.operation.tags?.[0] ?? "other"
    const group = groups.get(tag) ?? []
    group.push(route)
    groups.set(tag, group)
  }
  return Array.from(
    groups,
    ([tag, routes]) => [`### ${tag}`, ...routes.map((route) => renderRoute(doc, route))].join("\n\n")
  ).join("\n\n")
}
