/**
 * Mutated requests: a valid request of the operation with one thing made
 * wrong (a field of the wrong type, missing or extra, an edge-case string, a
 * body that is not JSON or too deep or too large, the wrong content type, a
 * bad or expired token, a path parameter that is not an id). Each says in its
 * label what was done, so a failure report reads as a recipe.
 */
import fc from "fast-check"
import {
  type Attack,
  authHeader,
  type Operation,
  pathOf,
  validAttack,
  validBody,
  validPathValues,
  validQuery,
  validToken
} from "./Operations.js"
import { badPathValues, badQueryValues, contentTypes, encodeLoosely, fieldValue, rawBodies } from "./Payloads.js"
import { type Components, resolve } from "./Values.js"
import { badTokens, type World } from "./World.js"

type Mutation = (valid: Attack) => fc.Arbitrary<Attack>

const jsonBodyOf = (attack: Attack): Record<string, unknown> | undefined => {
  if (typeof attack.body !== "string" || attack.headers["content-type"] !== "application/json") return undefined
  const parsed: unknown = JSON.parse(attack.body)
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : undefined
}

const withBody = (attack: Attack, label: string, body: string | Uint8Array, contentType = "application/json") => ({
  ...attack,
  label,
  headers: { ...attack.headers, "content-type": contentType },
  body
})

/** Every mutation that applies to `operation`, built over its valid request. */
export const mutatedAttack = (
  operation: Operation,
  components: Components,
  world: World,
  bodyLimit: number
): fc.Arbitrary<Attack> => {
  const fieldNames = Object.keys(
    operation.body === undefined ? {} : resolve(operation.body, components).properties ?? {}
  )
  const mutations: Array<Mutation> = [
    (attack) =>
      fc.constantFrom(...badTokens(world), "").map((token) => ({
        ...attack,
        label: `bad token ${JSON.stringify(token.slice(0, 80))}`,
        headers: { ...attack.headers, ...authHeader(token) }
      })),
    (attack) =>
      // API.md: tokens anywhere but the Authorization header are ignored.
      fc.constantFrom("access_token", "token", "api_key").map((name) => {
        const { authorization: _dropped, ...headers } = attack.headers
        const separator = attack.path.includes("?") ? "&" : "?"
        return {
          ...attack,
          label: `bad token in the query (${name})`,
          path: `${attack.path}${separator}${name}=${encodeURIComponent(world.humanToken)}`,
          headers: { ...headers, cookie: `token=${world.agentKey}` }
        }
      }),
    (attack) =>
      fc.constantFrom("Basic YWxpY2U6eA==", "Bearer", "Token x", "Bearer hn_x hn_y").map((authorization) => ({
        ...attack,
        label: `bad scheme ${authorization}`,
        headers: { ...attack.headers, authorization }
      })),
    (attack) =>
      fc.constantFrom(`bearer ${world.humanToken}`, `Bearer  ${world.agentKey}`, `BEARER ${world.agentKey}`).map(
        (authorization) => ({
          ...attack,
          label: `scheme variant ${authorization.slice(0, 12)}`,
          headers: { ...attack.headers, authorization }
        })
      )
  ]
  // fetch sends no body with GET; every other method gets bodies it does not expect too.
  if (operation.method !== "GET") {
    mutations.push(
      (attack) => rawBodies(bodyLimit).map(([label, body]) => withBody(attack, label, body)),
      // Without a length up front the limit must still hold, counted as the chunks arrive.
      (attack) =>
        fc.constantFrom(bodyLimit - 16, bodyLimit + 1, bodyLimit * 4).map((size) => ({
          ...withBody(attack, `chunked ${size}-byte body`, `{"x":"${"a".repeat(Math.max(0, size - 8))}"}`),
          chunked: true
        })),
      (attack) =>
        fc.constantFrom(...contentTypes).map((contentType) =>
          withBody(attack, `content type ${JSON.stringify(contentType)}`, attack.body ?? "{}", contentType)
        )
    )
  }
  const paths = operation.params.filter((p) => p.in === "path")
  if (paths.length > 0) {
    mutations.push(() =>
      fc.record({
        token: validToken(operation, world),
        values: validPathValues(operation, components, world),
        which: fc.constantFrom(...paths.map((p) => p.name)),
        bad: badPathValues,
        query: validQuery(operation, components, world),
        body: validBody(operation, components, world)
      }).map(({ bad, body, query, token, values, which }) => ({
        label: `path ${which}=${bad.slice(0, 80)}`,
        method: operation.method,
        path: pathOf(operation, { ...values, [which]: bad }, query),
        headers: { ...authHeader(token), ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      }))
    )
  }
  const queries = operation.params.filter((p) => p.in === "query")
  if (queries.length > 0) {
    mutations.push((attack) =>
      fc.tuple(fc.constantFrom(...queries.map((p) => p.name), "unknown"), badQueryValues, fc.boolean()).map(
        ([name, value, repeated]) => {
          const pair = `${name}=${encodeLoosely(value)}`
          const separator = attack.path.includes("?") ? "&" : "?"
          return {
            ...attack,
            label: `query ${name}=${value.slice(0, 80)}${repeated ? " (twice)" : ""}`,
            path: `${attack.path}${separator}${pair}${repeated ? `&${name}=1` : ""}`
          }
        }
      )
    )
  }
  if (operation.body !== undefined) {
    mutations.push((attack) =>
      fc.tuple(fc.constantFrom(...fieldNames, "extra", "__proto__", "x".repeat(300)), fieldValue(bodyLimit)).map(
        ([name, value]) => {
          const body = { ...jsonBodyOf(attack), [name]: value }
          const label = `field ${name.slice(0, 20)}=${JSON.stringify(value)?.slice(0, 80)}`
          return withBody(attack, label, JSON.stringify(body))
        }
      )
    )
    if (fieldNames.length > 0) {
      mutations.push((attack) =>
        fc.constantFrom(...fieldNames).map((name) => {
          const { [name]: _dropped, ...rest } = jsonBodyOf(attack) ?? {}
          return withBody(attack, `without ${name}`, JSON.stringify(rest))
        })
      )
    }
  }
  return validAttack(operation, components, world).chain((attack) => fc.oneof(...mutations.map((m) => m(attack))))
}
