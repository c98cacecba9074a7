/**
 * Comparing tours: the first step where two transcripts differ (so a failure
 * shows one request and both answers, not a diff of hundreds of steps), and
 * the routes of the OpenAPI document a tour never called.
 */
import type { Call, Step, Transcript } from "./Transcript.js"

export interface Difference {
  readonly index: number
  readonly expected: Step | undefined
  readonly actual: Step | undefined
}

/** Object keys in a fixed order, so that only values are compared. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, field]) => [
        key,
        canonical(field)
      ])
    )
  }
  return value
}

const same = (a: Step | undefined, b: Step | undefined) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))

export const firstDifference = (expected: Transcript, actual: Transcript): Difference | undefined => {
  const length = Math.max(expected.steps.length, actual.steps.length)
  for (let index = 0; index < length; index++) {
    const a = expected.steps[index]
    const b = actual.steps[index]
    if (!same(a, b)) return { index, expected: a, actual: b }
  }
  return undefined
}

const methods = ["get", "post", "put", "patch", "delete"] as const

/** `/api/posts/{id}` as a pattern over one path segment per parameter. */
const patternOf = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}/?$`)

/** How literal a template is: a concrete path matching several is the most literal one's (`/agents/me`). */
const literalness = (template: string) => template.split("/").filter((s) => !s.startsWith("{")).length

interface Route {
  readonly method: string
  readonly template: string
  readonly pattern: RegExp
}

/** Every operation of an OpenAPI document, as `METHOD template` with a pattern for concrete paths. */
const routesOf = (openApi: unknown): ReadonlyArray<Route> => {
  const paths = typeof openApi === "object" && openApi !== null && "paths" in openApi &&
      typeof openApi.paths === "object" && openApi.paths !== null
    ? openApi.paths
    : {}
  const routes: Array<Route> = []
  for (const [template, operations] of Object.entries(paths)) {
    for (const method of methods) {
      if (typeof operations === "object" && operations !== null && method in operations) {
        routes.push({ method: method.toUpperCase(), template, pattern: patternOf(template) })
      }
    }
  }
  return routes
}

/** `METHOD template` of every operation of `openApi`. */
export const operations = (openApi: unknown): ReadonlyArray<string> =>
  routesOf(openApi).map((route) => `${route.method} ${route.template}`)

/** `METHOD template` of every operation in `openApi` that no call matched. */
export const routesNotCalled = (openApi: unknown, calls: ReadonlyArray<Call>): ReadonlyArray<string> => {
  const routes = routesOf(openApi)
  const called = new Set<string>()
  for (const call of calls) {
    const matches = routes
      .filter((route) => route.method === call.method && route.pattern.test(call.path))
      .sort((a, b) => literalness(b.template) - literalness(a.template))
    const best = matches[0]
    if (best !== undefined) called.add(`${best.method} ${best.template}`)
  }
  return routes.map((route) => `${route.method} ${route.template}`).filter((route) => !called.has(route))
}
