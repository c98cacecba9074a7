/**
 * The operations of the OpenAPI document, each with what a request to it is
 * made of (path and query parameters, body schema and content types, whether
 * it needs a bearer token, its documented statuses), and the valid request of
 * each as a fast-check arbitrary over the seeded world.
 */
import fc from "fast-check"
import { type Components, type JsonSchema, valid, validObject } from "./Values.js"
import type { World } from "./World.js"

export interface Param {
  readonly name: string
  readonly in: "path" | "query"
  readonly required: boolean
  readonly schema: JsonSchema
}

export interface Operation {
  readonly id: string
  readonly method: string
  readonly template: string
  readonly params: ReadonlyArray<Param>
  readonly body: JsonSchema | undefined
  readonly contentTypes: ReadonlyArray<string>
  readonly bearerRequired: boolean
  readonly statuses: ReadonlySet<number>
  /** The JSON schema of each documented success answer that has a body. */
  readonly successSchemas: ReadonlyMap<number, JsonSchema>
}

/** One request, as it goes on the wire; `label` says how it was made, for the failure report. */
export interface Attack {
  readonly label: string
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | Uint8Array
  /** Sent as a stream (`Transfer-Encoding: chunked`), without `Content-Length`. */
  readonly chunked?: boolean
}

interface RawOperation {
  readonly operationId?: string
  readonly parameters?: ReadonlyArray<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>
  readonly requestBody?: { content: Readonly<Record<string, { schema: JsonSchema }>> }
  readonly security?: ReadonlyArray<Readonly<Record<string, unknown>>>
  readonly responses?: Readonly<Record<string, { content?: Readonly<Record<string, { schema: JsonSchema }>> }>>
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, RawOperation>>>>
  readonly components: { readonly schemas: Components }
}

/**
 * Operations that take away what later operations need run last, in this
 * order (a post's deletion would leave its comments nothing to delete; the
 * agent's key rotation would leave the rest unauthenticated).
 */
const lastOnes = [
  "comments.delete",
  "posts.delete",
  "channels.unsubscribe",
  "follows.unfollow",
  "agents.rotateKey",
  "agents.deactivate",
  "agents.rotateMyKey"
]

const destructive = (operation: Operation) => lastOnes.indexOf(operation.id)

/** Every operation of the document, the destructive ones last. */
export const operationsOf = (document: OpenApiDocument): ReadonlyArray<Operation> =>
  Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, raw]): Operation => {
      const content = raw.requestBody?.content ?? {}
      const security = raw.security ?? []
      return {
        id: raw.operationId ?? `${method} ${template}`,
        method: method.toUpperCase(),
        template,
        params: (raw.parameters ?? []).flatMap((p) =>
          p.in === "path" || p.in === "query"
            ? [{ name: p.name, in: p.in, required: p.required ?? false, schema: p.schema ?? {} }]
            : []
        ),
        body: content["application/json"]?.schema,
        contentTypes: Object.keys(content),
        bearerRequired: security.length > 0 && security.every((s) => "bearer" in s),
        statuses: new Set(Object.keys(raw.responses ?? {}).map(Number)),
        successSchemas: new Map(
          Object.entries(raw.responses ?? {}).flatMap(([status, response]) => {
            const schema = response.content?.["application/json"]?.schema
            return Number(status) < 300 && schema !== undefined ? [[Number(status), schema] as const] : []
          })
        )
      }
    })
  ).sort((a, b) => destructive(a) - destructive(b))

/** The path with its parameters put in (already encoded) and the query string. */
export const pathOf = (
  operation: Operation,
  pathValues: Readonly<Record<string, string>>,
  query: ReadonlyArray<readonly [string, string]>
) => {
  const path = operation.template.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name] ?? "")
  return query.length === 0 ? path : `${path}?${query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`
}

/** The bearer token a valid caller of this operation would send. */
export const validToken = (operation: Operation, world: World): fc.Arbitrary<string | undefined> => {
  if (operation.template.startsWith("/api/agents/me")) return fc.constant(world.agentKey)
  if (operation.template.startsWith("/api/agents/{")) return fc.constant(world.humanToken)
  if (operation.id === "users.me" || operation.id === "users.updateMe" || operation.id === "agents.mine") {
    return fc.constantFrom(world.humanToken, world.otherToken)
  }
  const anyone = fc.constantFrom(world.humanToken, world.otherToken, world.agentKey)
  return operation.bearerRequired ? anyone : fc.oneof(anyone, fc.constant(undefined))
}

export const authHeader = (token: string | undefined): Record<string, string> =>
  token === undefined ? {} : { authorization: `Bearer ${token}` }

/** Valid values of the path parameters, keyed by name, already encoded. */
export const validPathValues = (operation: Operation, components: Components, world: World) =>
  fc.record(Object.fromEntries(
    operation.params.filter((p) => p.in === "path").map((p) => [
      p.name,
      valid(p.schema, components, world, p.name, operation.template).map((v) => encodeURIComponent(String(v)))
    ])
  ))

type Pairs = ReadonlyArray<readonly [string, string]>

/** Valid query parameters: every required one and any of the optional ones. */
export const validQuery = (operation: Operation, components: Components, world: World) =>
  fc.tuple(
    ...operation.params.filter((p) => p.in === "query").map((p) => {
      const value = valid(p.schema, components, world, p.name, operation.template).map((
        v
      ): Pairs => [[p.name, String(v)]])
      return p.required ? value : fc.oneof(value, fc.constant<Pairs>([]))
    })
  ).map((pairs): Pairs => pairs.flat())

/**
 * JSON-RPC messages an MCP client sends (`POST /mcp` declares its body only
 * as JSON): the handshake, the tool list, and calls of reading and writing
 * tools on the seeded world, the tool's own rules deciding the outcome.
 */
const mcpMessage = (world: World): fc.Arbitrary<unknown> => {
  const call = (name: string, args: fc.Arbitrary<Record<string, unknown>>) =>
    args.map((argumentsValue) => ({ method: "tools/call", params: { name, arguments: argumentsValue } }))
  const postId = fc.constantFrom(...world.postIds)
  const message = fc.oneof(
    fc.constant({
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "fuzz", version: "1" } }
    }),
    fc.constant({ method: "tools/list", params: {} }),
    call("whoami", fc.constant({})),
    call("list_posts", fc.record({ limit: fc.integer({ min: -5, max: 200 }) }, { requiredKeys: [] })),
    call("get_post", postId.map((id) => ({ id }))),
    call("search", fc.string({ maxLength: 20 }).map((q) => ({ q }))),
    call("vote", fc.tuple(postId, fc.integer({ min: -2, max: 2 })).map(([id, value]) => ({ post_id: id, value }))),
    call("follow", fc.constantFrom(...world.usernames).map((username) => ({ username })))
  )
  return fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), message).map(([id, body]) => ({
    jsonrpc: "2.0",
    id,
    ...body
  }))
}

const isMcp = (operation: Operation) => operation.template === "/mcp"

/** A valid JSON body (or none when the operation takes none). */
export const validBody = (operation: Operation, components: Components, world: World) =>
  isMcp(operation) && operation.method === "POST"
    ? mcpMessage(world)
    : operation.body === undefined
    ? fc.constant(undefined)
    : validObject(resolveObject(operation.body, components), components, world, operation.template)

const resolveObject = (schema: JsonSchema, components: Components): JsonSchema =>
  schema.$ref === undefined ? schema : components[schema.$ref.split("/").pop() ?? ""] ?? {}

/** A request as a valid caller would send it. */
export const validAttack = (
  operation: Operation,
  components: Components,
  world: World
): fc.Arbitrary<Attack> =>
  fc.record({
    token: validToken(operation, world),
    pathValues: validPathValues(operation, components, world),
    query: validQuery(operation, components, world),
    body: validBody(operation, components, world),
    form: fc.boolean()
  }).map(({ body, form, pathValues, query, token }) => {
    // The login also takes the OAuth2 password form, which is the same fields url-encoded.
    const asForm = form && operation.contentTypes.includes("application/x-www-form-urlencoded") &&
      body !== null && typeof body === "object"
    return {
      label: asForm ? "valid form" : "valid",
      method: operation.method,
      path: pathOf(operation, pathValues, query),
      headers: {
        ...authHeader(token),
        // The Streamable HTTP transport requires a client to accept both.
        ...(isMcp(operation) ? { accept: "application/json, text/event-stream" } : {}),
        ...(body === undefined
          ? {}
          : { "content-type": asForm ? "application/x-www-form-urlencoded" : "application/json" })
      },
      ...(body === undefined
        ? {}
        : {
          body: asForm
            ? new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString()
            : JSON.stringify(body)
        })
    }
  })
