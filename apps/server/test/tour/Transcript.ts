/**
 * The differential API tour's recorder: every request the tour sends becomes
 * a step (method, path, status, a few headers, the JSON body), and the whole
 * list is normalized at the end so that two servers that behave the same give
 * equal transcripts. Only what must differ between runs is replaced: ids
 * (placeholders in order of first appearance, so "the same id as before" is
 * still compared), ISO times, credentials, and a run's measured latency.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { type Reply, send } from "@holonet/http-adapter/testing"
import { Effect, Schedule } from "effect"

export interface Step {
  readonly label: string
  readonly method: string
  readonly path: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/** A request the tour sent, as sent: for the route coverage check. */
export interface Call {
  readonly method: string
  readonly path: string
}

export interface Transcript {
  readonly steps: ReadonlyArray<Step>
  readonly calls: ReadonlyArray<Call>
}

export type Method = "GET" | "POST" | "PATCH" | "DELETE"

export interface CallOptions {
  readonly token?: string
  /** A JSON body. */
  readonly json?: unknown
  /** An `application/x-www-form-urlencoded` body. */
  readonly form?: Readonly<Record<string, string>>
  /** A raw body with its content type. */
  readonly raw?: { readonly contentType: string; readonly text: string }
  /** Extra request headers (MCP's `Accept`). */
  readonly headers?: Readonly<Record<string, string>>
}

/** Headers whose value is part of the contract (401 challenge, content type, 429's wait). */
const keptHeaders = ["www-authenticate", "retry-after", "content-type"]

const requestOf = (method: Method, path: string, options: CallOptions) => {
  const base = method === "GET"
    ? HttpClientRequest.get(path)
    : method === "POST"
    ? HttpClientRequest.post(path)
    : method === "PATCH"
    ? HttpClientRequest.patch(path)
    : HttpClientRequest.del(path)
  const withBody = options.json !== undefined
    ? HttpClientRequest.bodyUnsafeJson(base, options.json)
    : options.form !== undefined
    ? HttpClientRequest.bodyUrlParams(base, options.form)
    : options.raw !== undefined
    ? HttpClientRequest.bodyText(base, options.raw.text, options.raw.contentType)
    : base
  const withHeaders = options.headers === undefined ? withBody : HttpClientRequest.setHeaders(withBody, options.headers)
  return options.token === undefined ? withHeaders : HttpClientRequest.bearerToken(withHeaders, options.token)
}

/**
 * A string field of an answer, or a stand-in when the answer has none: a
 * server that answers a creation differently must not stop the tour, so the
 * comparison can show the first step where the two differ.
 */
export const field = (reply: Reply, key: string): string => {
  const body = reply.body
  if (typeof body === "object" && body !== null && key in body) {
    const value: unknown = Reflect.get(body, key)
    if (typeof value === "string") return value
  }
  return `no-${key}-in-${reply.status}`
}

/** A non-JSON body (HTML pages) is recorded by its size only: its bytes are not the API's. */
const bodyOf = (reply: Reply): unknown =>
  reply.body !== undefined || reply.text.length === 0 ? reply.body : `<text of ${reply.text.length} chars>`

/** The tour's log of requests, in the order they were sent. */
export interface Tour {
  readonly call: (
    label: string,
    method: Method,
    path: string,
    options?: CallOptions
  ) => Effect.Effect<Reply, never, HttpClient.HttpClient>
  /**
   * Sends the same GET until `done` holds for the answer (the notification
   * worker runs in the background), within a deadline; only the last answer
   * is recorded, so the transcript does not depend on how long that took.
   */
  readonly poll: (
    label: string,
    path: string,
    token: string,
    done: (reply: Reply) => boolean
  ) => Effect.Effect<Reply, never, HttpClient.HttpClient>
  readonly transcript: Effect.Effect<Transcript>
}

const record = (steps: Array<Step>, calls: Array<Call>, label: string, method: Method, path: string, reply: Reply) => {
  const headers: Record<string, string> = {}
  for (const name of keptHeaders) {
    const value = reply.headers[name]
    if (value !== undefined) headers[name] = value
  }
  steps.push({ label, method, path, status: reply.status, headers, body: bodyOf(reply) })
  calls.push({ method, path: path.split("?")[0] ?? path })
}

export const makeTour: Effect.Effect<Tour> = Effect.sync(() => {
  const steps: Array<Step> = []
  const calls: Array<Call> = []
  const call: Tour["call"] = (label, method, path, options = {}) =>
    send(requestOf(method, path, options)).pipe(
      Effect.orDie,
      Effect.tap((reply) => record(steps, calls, label, method, path, reply))
    )
  const poll: Tour["poll"] = (label, path, token, done) =>
    send(requestOf("GET", path, { token })).pipe(
      Effect.orDie,
      Effect.repeat(
        Schedule.spaced("5 millis").pipe(
          Schedule.whileInput((reply: Reply) => !done(reply)),
          Schedule.passthrough
        )
      ),
      Effect.timeoutFail({
        duration: "10 seconds",
        onTimeout: () => `${label}: the condition never held for GET ${path}`
      }),
      Effect.orDie,
      Effect.tap((reply) => record(steps, calls, label, "GET", path, reply))
    )
  return { call, poll, transcript: Effect.sync(() => normalize({ steps, calls })) }
})

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const isoTime = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g
/** A 429's detail names the seconds left in the window, which depend on the clock. */
const retryIn = /retry in \d+ seconds/g
const apiKey = /hn_[A-Za-z0-9_-]{20,}/g
const jwt = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g
/** Fields whose value is a secret or a measurement, whatever its shape. */
const opaqueFields: Record<string, string> = {
  access_token: "<secret>",
  api_key: "<secret>",
  latency_millis: "<latency>",
  // Seconds until a rate-limit window ends: they depend on the clock.
  retry_after: "<seconds>"
}

/** Header values that depend on the clock, replaced like `opaqueFields`. */
const opaqueHeaders: Record<string, string> = { "retry-after": "<seconds>" }

/** The transcript with run-dependent values replaced; ids numbered in order of first appearance. */
export const normalize = (transcript: Transcript): Transcript => {
  const ids = new Map<string, string>()
  const text = (value: string) =>
    value
      .replace(uuid, (id) => {
        const key = id.toLowerCase()
        const known = ids.get(key)
        if (known !== undefined) return known
        const placeholder = `<id${ids.size + 1}>`
        ids.set(key, placeholder)
        return placeholder
      })
      .replace(isoTime, "<time>")
      .replace(retryIn, "retry in <seconds> seconds")
      .replace(apiKey, "<secret>")
      .replace(jwt, "<secret>")
  const value = (input: unknown): unknown => {
    if (typeof input === "string") return text(input)
    if (Array.isArray(input)) return input.map(value)
    if (typeof input === "object" && input !== null) {
      const out: Record<string, unknown> = {}
      for (const [key, field] of Object.entries(input)) {
        const opaque = opaqueFields[key]
        out[key] = opaque !== undefined && field !== null ? opaque : value(field)
      }
      return out
    }
    return input
  }
  const steps = transcript.steps.map((step) => ({
    ...step,
    path: text(step.path),
    headers: Object.fromEntries(Object.entries(step.headers).map(([k, v]) => [k, opaqueHeaders[k] ?? text(v)])),
    body: value(step.body)
  }))
  return { steps, calls: transcript.calls }
}
