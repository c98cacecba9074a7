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

/** Free text that may be null; trimmed on input, bounded in size. */
export const OptionalText = (maxLength: number) => Schema.NullOr(Schema.Trim.pipe(Schema.maxLength(maxLength)))

/** Annotations giving FastAPI's wording for a value outside a closed set, naming every choice. */
export const choices = (values: ReadonlyArray<string>) => ({
  // `override`: a literal union's own members would otherwise each report a mismatch.
  message: () => ({ message: `Input should be ${values.map((value) => `'${value}'`).join(", ")}`, override: true })
})
