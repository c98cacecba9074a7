/**
 * Mutated requests: a valid request of the operation with one thing made
 * wrong (a field of the wrong type, missing or extra, an edge-case string, a
 * body that is not JSON or too deep or too large, the wrong content type, a
 * bad or expired token, a path parameter that is not an id). Each says in its
 * label what was done, so a failure report reads as a recipe.
 */
import fc from "fast-check"
import { type Attack, authHeader, type Operation, pathOf, validAttack, validBody, validPathValues, validQuery, validToken } from "./Operations.js"
import { type Components, resolve } from "./Values.js"
import { badTokens, type World } from "./World.js"

/** Strings that have broken parsers, normalizers, full-text queries and databases before. */
export const edgeStrings: ReadonlyArray<string> = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202e\u2066evil\u2069",
  "e\u0301\u0301\u0301",
  "\u00e9",
  "e\u0301",
  "\ufb01",
  "\u{1f469}\u200d\u{1f469}\u200d\u{1f467}",
  "\ufeff",
  "\u200b",
  "\uffff",
  "\u{10ffff}",
  "'; DROP TABLE posts; --",
  "\"",
  "*",
  "AND OR NOT",
  "NEAR(a b)",
  "title:x",
  "^a",
  "%_\\",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "{\"$gt\": \"\"}",
  "9".repeat(400),
  "\n\r\t",
  "null"
]

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate (which that
 * refuses) becomes the bytes a careless client would send: its CESU-8 form,
 * invalid UTF-8 that the server must refuse cleanly.
 */
export const encodeLoosely = (value: string) =>
  value.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[^]/g, (part) =>
    part.length === 1 && /[\ud800-\udfff]/.test(part)
      ? [...Buffer.from([0xe0 | (part.charCodeAt(0) >> 12), 0x80 | ((part.charCodeAt(0) >> 6) & 0x3f), 0x80 | (part.charCodeAt(0) & 0x3f)])]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`).join("")
      : encodeURIComponent(part))

/** A JSON value nested `depth` levels deep, as text (JSON.stringify would recurse). */
export const deepJson = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth)

const deepObject = (depth: number) => "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)

/** A value of a type no field has, or a type the field does not have. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.constantFrom(1e308, -0, 2 ** 53 + 1, 0.5),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
  fc.constantFrom(...edgeStrings)
)

/** A string of `length` characters, made of one repeated character (or a mix). */
const huge = (length: number) =>
  fc.constantFrom("a", "\u00e9", "\u{1f600}", "\u0000", "\\").map((c) => c.repeat(Math.ceil(length / c.length)))

const fieldValue = (bodyLimit: number) =>
  fc.oneof(
    { weight: 3, arbitrary: wrongType },
    { weight: 3, arbitrary: fc.constantFrom(...edgeStrings) },
    { weight: 1, arbitrary: fc.constantFrom(10_001, 40_001, bodyLimit - 64, bodyLimit + 1).chain(huge) },
    { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 50 }) }
  )

const rawBodies = (bodyLimit: number): fc.Arbitrary<readonly [string, string | Uint8Array]> =>
  fc.oneof(
    fc.constantFrom<readonly [string, string | Uint8Array]>(
      ["empty body", ""],
      ["not JSON", "{"],
      ["not JSON", "{\"title\": }"],
      ["JSON array", "[]"],
      ["JSON string", "\"text\""],
      ["JSON null", "null"],
      ["JSON number", "1e999"],
      ["duplicate keys", "{\"value\":1,\"value\":\"x\"}"],
      ["byte-order mark", "\ufeff{}"],
      ["NUL byte", "{\"a\":\"\u0000\"}\u0000"],
      ["raw NUL", "\u0000"],
      ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ["lone surrogate escape", "{\"title\":\"\\ud800\",\"content\":\"\\udfff\"}"],
      ["__proto__", "{\"__proto__\":{\"isAdmin\":true},\"constructor\":{\"prototype\":{}}}"]
    ),
    fc.constantFrom(100, 1000, 5000, 30_000).chain((depth) =>
      fc.constantFrom<readonly [string, string]>(
        [`array nested ${depth} deep`, deepJson(depth)],
        [`object nested ${depth} deep`, deepObject(depth)]
      )
    ),
    fc.constantFrom(bodyLimit - 1, bodyLimit, bodyLimit + 1, bodyLimit * 4).map((size) =>
      [`${size}-byte body`, `{"x":"${"a".repeat(Math.max(0, size - 8))}"}`] as const
    )
  )

const contentTypes = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/jsonx",
  "application/xml",
  "",
  "application/json, text/plain"
]

/** Path parameter values that are not ids, already encoded as a client would send them. */
const badPathValues = fc.oneof(
  fc.constantFrom(
    "0",
    "-1",
    "null",
    "undefined",
    "%00",
    "a%00b",
    "%2F",
    "..",
    "%2E%2E",
    "%ED%A0%80",
    "%E0%A4%A",
    "%",
    "%FF",
    "%C0%AF",
    "01900000-0000-7000-8000-000000000000",
    "%20",
    "me"
  ),
  fc.constantFrom(65, 1000, 10_000).map((n) => "x".repeat(n)),
  fc.constantFrom(...edgeStrings).filter((s) => s !== "").map(encodeLoosely),
  fc.fullUnicodeString({ minLength: 1, maxLength: 20 }).map(encodeURIComponent)
)

const badQueryValues = fc.oneof(
  fc.constantFrom("-1", "0", "101", "abc", "1e309", "", "0x10", " 5", "NaN", "Infinity", "9007199254740993", "1.5", "1,2"),
  fc.constantFrom(...edgeStrings),
  fc.constantFrom(201, 10_000).map((n) => "q".repeat(n))
)

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
  const fieldNames = Object.keys(operation.body === undefined ? {} : resolve(operation.body, components).properties ?? {})
  const mutations: Array<Mutation> = [
    (attack) =>
      fc.constantFrom(...badTokens(world), "").map((token) => ({
        ...attack,
        label: `bad token ${JSON.stringify(token.slice(0, 80))}`,
        headers: { ...attack.headers, ...authHeader(token) }
      })),
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
      ),
  ]
  // fetch sends no body with GET; every other method gets bodies it does not expect too.
  if (operation.method !== "GET") {
    mutations.push(
      (attack) => rawBodies(bodyLimit).map(([label, body]) => withBody(attack, label, body)),
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
