/**
 * What every answer to a generated request must satisfy, whatever was sent:
 * no 5xx (except the documented 502/503/504 of the routes that call a
 * language model, here a fake one); only documented statuses; error bodies of
 * the documented shape, `{"detail": string}` or FastAPI's `{"detail": [{loc,
 * msg, type}]}` for 422, plus `code` where API.md promises one (and
 * `retry_after` on 429); `WWW-Authenticate` on 401, `Retry-After` on 429; on
 * success a documented status and a body that fits its documented schema
 * (none for 204); and no success for a bad token on a route that needs one.
 */
import { conformanceProblem } from "./Conformance.js"
import type { Attack, Operation } from "./Operations.js"
import type { Components } from "./Values.js"

export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

/** Sends `attack` to the server at `base` and reads the whole answer. */
export const send = async (base: string, attack: Attack): Promise<Answer> => {
  const body = attack.body === undefined
    ? {}
    : attack.chunked === true
    ? { body: new Blob([attack.body]).stream(), duplex: "half" as const }
    : { body: attack.body }
  const response = await fetch(`${base}${attack.path}`, { method: attack.method, headers: attack.headers, ...body })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/** The statuses that routes calling the language model document for a missing or failing provider. */
const modelStatuses = new Set([502, 503, 504])

/**
 * Errors any route may give before its own code runs (API.md's conventions):
 * malformed HTTP, an unmatched path (a path parameter holding a slash), body
 * too large, wrong content type, headers too large.
 */
const anyRoute = new Set([400, 404, 413, 415, 431])

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isIssue = (value: unknown) =>
  isRecord(value) && Array.isArray(value["loc"]) && typeof value["msg"] === "string" &&
  typeof value["type"] === "string"

const parse = (text: string): { readonly json: unknown } | undefined => {
  try {
    return { json: JSON.parse(text) }
  } catch {
    return undefined
  }
}

/** What is wrong with the error body `text` of an answer with `status`, if anything. */
export const errorShapeProblem = (status: number, text: string): string | undefined => {
  const parsed = parse(text)
  if (parsed === undefined) return "error body is not JSON"
  const body = parsed.json
  if (!isRecord(body)) return "error body is not an object"
  const allowed = status === 429 ? ["detail", "code", "retry_after"] : ["detail", "code"]
  const extra = Object.keys(body).filter((key) => !allowed.includes(key))
  if (extra.length > 0) return `error body has other keys: ${extra.join(", ")}`
  if (status === 429 && !Number.isInteger(body["retry_after"])) return "429 without an integer retry_after"
  const detail = body["detail"]
  const listOk = status === 422 && Array.isArray(detail) && detail.length > 0 && detail.every(isIssue)
  if (typeof detail !== "string" && !listOk) return "detail is neither a string nor a list of {loc, msg, type}"
  if (typeof detail === "string" && detail.length === 0) return "detail is empty"
  if ("code" in body && typeof body["code"] !== "string") return "code is not a string"
  if (status === 429 && typeof body["code"] !== "string") return "429 without code"
  if (/SQLITE_[A-Z]|\n\s+at \S+/.test(text)) return "error body shows internals (SQL error or stack)"
  return undefined
}

/** What is wrong with the answer to `attack`, or undefined when it is acceptable. */
export const problemWith = (
  operation: Operation,
  components: Components,
  answer: Answer,
  badTokenSent: boolean
): string | undefined => {
  const { status } = answer
  if (status >= 500) {
    const documentedModelFailure = operation.id.startsWith("hostedAgents.") && modelStatuses.has(status) &&
      operation.statuses.has(status)
    if (!documentedModelFailure) return `${status} server error`
  }
  if (badTokenSent && operation.bearerRequired && status < 300) return `${status} with a bad token`
  if (status >= 400) {
    const shape = errorShapeProblem(status, answer.text)
    if (shape !== undefined) return shape
    if (!operation.statuses.has(status) && !anyRoute.has(status)) {
      return `${status} is not documented for ${operation.id}`
    }
    if (status === 401 && !/^Bearer/i.test(answer.headers.get("www-authenticate") ?? "")) {
      return "401 without WWW-Authenticate: Bearer"
    }
    if (status === 429 && !/^\d+$/.test(answer.headers.get("retry-after") ?? "")) return "429 without Retry-After"
    return undefined
  }
  if (status === 204) return answer.text === "" ? undefined : "204 with a body"
  // 202 documented without a body (MCP: a notification was accepted).
  if (status === 202 && operation.statuses.has(202) && !operation.successSchemas.has(202)) {
    return answer.text === "" ? undefined : "202 with a body"
  }
  const parsed = parse(answer.text)
  if (parsed === undefined) return `${status} body is not JSON`
  const schema = operation.successSchemas.get(status)
  if (schema === undefined) return `${status} is not a documented success of ${operation.id}`
  const misfit = conformanceProblem(schema, parsed.json, components)
  return misfit === undefined ? undefined : `${status} body does not fit the documented schema: ${misfit}`
}

/** The answer, shortened for a failure report. */
export const report = (attack: Attack, answer: Answer) => {
  const body = typeof attack.body === "string"
    ? attack.body.length > 300 ? `${attack.body.slice(0, 300)}… (${attack.body.length} chars)` : attack.body
    : attack.body === undefined
    ? "(none)"
    : `(${attack.body.length} raw bytes)`
  return [
    `${attack.label}: ${attack.method} ${attack.path.slice(0, 300)}`,
    `  request headers: ${JSON.stringify(attack.headers).slice(0, 300)}`,
    `  request body: ${body}`,
    `  answer: ${answer.status} ${answer.text.slice(0, 500)}`
  ].join("\n")
}
