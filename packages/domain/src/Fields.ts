/**
 * Schema helpers for the public shape: the domain speaks camelCase, the JSON
 * contract (API.md) speaks snake_case, so fields are renamed at encode time.
 */
import { Schema } from "effect"

/** A required field whose encoded (JSON) key differs from its property name. */
export const renamed = <S extends Schema.Schema.All>(schema: S, key: string) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

/** An optional input field (absent stays absent) with a different encoded key. */
export const optionalRenamed = <S extends Schema.Schema.All>(schema: S, key: string) =>
  Schema.optionalWith(schema, { exact: true }).pipe(Schema.fromKey(key))

/**
 * Refuses text holding U+0000 (422 at the HTTP boundary). PostgreSQL's text
 * cannot hold that character (the statement fails) while SQLite stores it,
 * so every string that is stored or looked up is refused it here, the same
 * way on every store.
 */
export const withoutNul = <S extends Schema.Schema<string, string>>(self: S) =>
  self.pipe(Schema.filter((text) => !text.includes("\u0000"), { message: () => "must not contain U+0000" }))

/** Free text that may be null; trimmed on input, bounded in size. */
export const OptionalText = (maxLength: number) =>
  Schema.NullOr(Schema.Trim.pipe(Schema.maxLength(maxLength), withoutNul))

/** Annotations giving FastAPI's wording for a value outside a closed set, naming every choice. */
export const choices = (values: ReadonlyArray<string>) => ({
  // `override`: a literal union's own members would otherwise each report a mismatch.
  message: () => ({ message: `Input should be ${values.map((value) => `'${value}'`).join(", ")}`, override: true })
})
