/**
 * The raw material of the mutations: strings that have broken parsers,
 * normalizers and databases before, values of the wrong type, bodies that are
 * not JSON, too deep or too large, content types, and path and query values
 * that are not what the route expects.
 */
import fc from "fast-check"

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
  value.replace(
    /[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[^]/g,
    (part) =>
      part.length === 1 && /[\ud800-\udfff]/.test(part)
        ? [
          ...Buffer.from([
            0xe0 | (part.charCodeAt(0) >> 12),
            0x80 | ((part.charCodeAt(0) >> 6) & 0x3f),
            0x80 | (part.charCodeAt(0) & 0x3f)
          ])
        ]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`).join("")
        : encodeURIComponent(part)
  )

/** A JSON value nested `depth` levels deep, as text (JSON.stringify would recurse). */
export const deepJson = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth)

const deepObject = (depth: number) => "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)

/** A value of a type no field has, or a type the field does not have. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
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

export const fieldValue = (bodyLimit: number) =>
  fc.oneof(
    { weight: 3, arbitrary: wrongType },
    { weight: 3, arbitrary: fc.constantFrom(...edgeStrings) },
    { weight: 1, arbitrary: fc.constantFrom(10_001, 40_001, bodyLimit - 64, bodyLimit + 1).chain(huge) },
    { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 50 }) }
  )

export const rawBodies = (bodyLimit: number): fc.Arbitrary<readonly [string, string | Uint8Array]> =>
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

export const contentTypes = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/jsonx",
  "application/xml",
  "",
  "application/json, text/plain"
]

/**
 * Path parameter values that are not ids, already encoded as a client would
 * send them. Not `me`: `/api/users/me` is another operation, attacked as
 * itself; nor `..` (even percent-encoded), which fetch resolves before sending.
 */
export const badPathValues = fc.oneof(
  fc.constantFrom(
    "0",
    "-1",
    "null",
    "undefined",
    "%00",
    "a%00b",
    "%2F",
    "%ED%A0%80",
    "%E0%A4%A",
    "%",
    "%FF",
    "%C0%AF",
    "01900000-0000-7000-8000-000000000000",
    "%20"
  ),
  fc.constantFrom(65, 1000, 10_000, 20_000).map((n) => "x".repeat(n)),
  fc.constantFrom(...edgeStrings).filter((s) => s !== "").map(encodeLoosely),
  fc.fullUnicodeString({ minLength: 1, maxLength: 20 }).filter((s) => ![".", "..", "me"].includes(s)).map(
    encodeURIComponent
  )
)

export const badQueryValues = fc.oneof(
  fc.constantFrom(
    "-1",
    "0",
    "101",
    "abc",
    "1e309",
    "",
    "0x10",
    " 5",
    "NaN",
    "Infinity",
    "9007199254740993",
    "1.5",
    "1,2"
  ),
  fc.constantFrom(...edgeStrings),
  fc.constantFrom(201, 10_000).map((n) => "q".repeat(n))
)
