/**
 * Schema helpers for the public shape: the domain speaks camelCase, the JSON
 * contract (API.md) speaks snake_case, so fields are renamed at encode time.
 */
import * as Schema from "effect/Schema"

/** A required field whose encoded (JSON) key differs from its property name. */
export const renamed = <S extends Schema.Schema.All>(schema: S, key: string) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

/** An optional input field (absent stays absent) with a different encoded key. */
export const optionalRenamed = <S extends Schema.Schema.All>(schema: S, key: string) =>
  Schema.optionalWith(schema, { exact: true }).pipe(Schema.fromKey(key))

/** Half of a surrogate pair without its other half. */
const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Refuses text the stores cannot keep alike (422 at the HTTP boundary):
 * PostgreSQL's text cannot hold U+0000 (the statement fails) while SQLite
 * stores it, and an unpaired surrogate comes back from SQLite as three
 * U+FFFD but from PostgreSQL as one. Every string that is stored or looked
 * up is checked here, the same way for every store.
 */
export const storableText = <S extends Schema.Schema<string, string>>(self: S) =>
  self.pipe(
    Schema.filter((text) => !text.includes("\u0000") && !unpairedSurrogate.test(text), {
      message: () => "must not contain U+0000 or an unpaired surrogate"
    })
  )

/** Free text that may be null; trimmed on input, bounded in size. */
export const OptionalText = (maxLength: number) =>
  Schema.NullOr(Schema.Trim.pipe(Schema.maxLength(maxLength), storableText))

/** Annotations giving FastAPI's wording for a value outside a closed set, naming every choice. */
export const choices = (values: ReadonlyArray<string>) => ({
  // `override`: a literal union's own members would otherwise each report a mismatch.
  message: () => ({ message: `Input should be ${values.map((value) => `'${value}'`).join(", ")}`, override: true })
})
