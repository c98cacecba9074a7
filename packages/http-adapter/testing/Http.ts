/**
 * Requests to a running Holonet server through the `HttpClient` in context
 * (its base URL is the server's): send a request and read status, headers
 * and the body (parsed as JSON when it is JSON), plus the setup steps most
 * scenarios start with (sign up, create a channel, create a post).
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

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

export const fields = (reply: Reply): Record<string, unknown> => Schema.decodeUnknownSync(JsonObject)(reply.body)

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

/** The `{detail, code}` body of every non-422 error. */
export const errorBody = (detail: string, code: string) => ({ detail, code })
