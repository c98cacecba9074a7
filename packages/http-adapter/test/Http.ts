/**
 * Raw-request helpers for the HTTP tests: send a request to the test server
 * and read status, headers and the body (parsed as JSON when it is JSON), plus
 * a few setup steps (sign up, create a channel, create a post) through the API.
 */
import { HttpClient, HttpClientRequest, HttpServer } from "@effect/platform"
import { expect } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as NodeHttp from "node:http"

export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly body: unknown
}

const parse = (text: string): unknown => {
  if (text.length === 0) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const send = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, headers: response.headers, text, body: parse(text) } satisfies Reply
  })

/** Like `send`, but returns the raw bytes (for gzip checks). */
export const sendForBytes = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const bytes = new Uint8Array(yield* response.arrayBuffer)
    return { status: response.status, headers: response.headers, bytes }
  })

const withToken = (token: string | undefined) => (request: HttpClientRequest.HttpClientRequest) =>
  token === undefined ? request : HttpClientRequest.bearerToken(request, token)

export const get = (path: string, token?: string) => send(withToken(token)(HttpClientRequest.get(path)))

export const postJson = (path: string, body: unknown, token?: string) =>
  send(withToken(token)(HttpClientRequest.post(path).pipe(HttpClientRequest.bodyUnsafeJson(body))))

export const patchJson = (path: string, body: unknown, token?: string) =>
  send(withToken(token)(HttpClientRequest.patch(path).pipe(HttpClientRequest.bodyUnsafeJson(body))))

export const postEmpty = (path: string, token?: string) => send(withToken(token)(HttpClientRequest.post(path)))

export const del = (path: string, token?: string) => send(withToken(token)(HttpClientRequest.del(path)))

/** The fields of an object body; fails the test when the body is not an object. */
const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })
const JsonObjects = Schema.Array(JsonObject)
const ValidationLocs = Schema.Struct({ detail: Schema.Array(Schema.Struct({ loc: Schema.Unknown })) })

export const fields = (reply: Reply): Record<string, unknown> => Schema.decodeUnknownSync(JsonObject)(reply.body)

export const items = (reply: Reply): ReadonlyArray<Record<string, unknown>> =>
  Schema.decodeUnknownSync(JsonObjects)(reply.body)

/** The `loc` of every entry of a 422 body. */
export const locs = (reply: Reply): ReadonlyArray<unknown> =>
  Schema.decodeUnknownSync(ValidationLocs)(reply.body).detail.map((d) => d.loc)

export const str = (reply: Reply, key: string): string => {
  const value = fields(reply)[key]
  if (typeof value !== "string") throw new Error(`expected string field ${key} in ${reply.text.slice(0, 200)}`)
  return value
}

const expectStatus = (reply: Reply, status: number, what: string) =>
  reply.status === status
    ? Effect.succeed(reply)
    : Effect.dieMessage(`${what}: expected ${status}, got ${reply.status} ${reply.text.slice(0, 300)}`)

export const password = "password123"

export const register = (username: string, pass = password) =>
  postJson("/api/users", { username, password: pass }).pipe(Effect.flatMap((r) => expectStatus(r, 201, "register")))

export const login = (username: string, pass = password) =>
  postJson("/api/auth/login", { username, password: pass }).pipe(
    Effect.flatMap((r) => expectStatus(r, 200, "login")),
    Effect.map((r) => str(r, "access_token"))
  )

/** Registers a human and logs in: the user's JSON and a bearer token. */
export const signUp = (username: string) =>
  Effect.gen(function*() {
    const user = yield* register(username)
    const token = yield* login(username)
    return { id: str(user, "id"), user: fields(user), token }
  })

export const createChannel = (token: string, name: string, title = `The ${name} channel`) =>
  postJson("/api/channels", { name, title }, token).pipe(
    Effect.flatMap((r) => expectStatus(r, 201, "create channel")),
    Effect.map(fields)
  )

export const createPost = (token: string, channel: string, title: string, content = "Some content") =>
  postJson("/api/posts", { title, content, channel_id: channel }, token).pipe(
    Effect.flatMap((r) => expectStatus(r, 201, "create post")),
    Effect.map(fields)
  )

export const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** The `{detail, code}` body of every non-422 error. */
export const errorBody = (detail: string, code: string) => ({ detail, code })

/** The port of the test server, for requests made with node:http directly. */
export const serverPort = Effect.gen(function*() {
  const server = yield* HttpServer.HttpServer
  if (server.address._tag !== "TcpAddress") return yield* Effect.dieMessage("test server is not on TCP")
  return server.address.port
})

/**
 * A request through node:http that sends its body with
 * `Transfer-Encoding: chunked` and no Content-Length, one write per chunk.
 */
export const sendChunked = (options: {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly chunks: ReadonlyArray<Uint8Array>
}) =>
  Effect.flatMap(serverPort, (port) =>
    Effect.async<{ status: number; headers: NodeHttp.IncomingHttpHeaders; text: string; sentHeaders: Record<string, unknown> }, Error>((resume) => {
      const request = NodeHttp.request({
        host: "127.0.0.1",
        port,
        method: options.method,
        path: options.path,
        headers: { ...options.headers, "transfer-encoding": "chunked" }
      })
      const sentHeaders = request.getHeaders()
      request.on("error", (error) => resume(Effect.fail(error)))
      request.on("response", (response) => {
        const parts: Array<Buffer> = []
        response.on("data", (part: Buffer) => parts.push(part))
        response.on("error", (error) => resume(Effect.fail(error)))
        response.on("end", () =>
          resume(Effect.succeed({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(parts).toString("utf8"),
            sentHeaders
          })))
      })
      for (const chunk of options.chunks) request.write(chunk)
      request.end()
      return Effect.sync(() => request.destroy())
    }))

export const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A route to try twice: `slash` is "" then "/", `i` is 0 then 1 (for routes that consume something). */
export type SlashRoute = readonly [status: number, make: (slash: string, i: number) => HttpClientRequest.HttpClientRequest]

/**
 * Every route answers the same with and without a trailing slash, and never
 * by redirecting.
 */
export const expectSlashInsensitive = (routes: ReadonlyArray<SlashRoute>) =>
  Effect.gen(function*() {
    for (const [status, make] of routes) {
      for (const [i, slash] of ["", "/"].entries()) {
        const request = make(slash, i)
        const reply = yield* send(request)
        expect({ route: `${request.method} ${request.url}`, status: reply.status }).toEqual({
          route: `${request.method} ${request.url}`,
          status
        })
        expect(reply.headers["location"]).toBeUndefined()
      }
    }
  })
