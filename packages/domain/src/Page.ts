/**
 * Offset pagination shared by every list use case. Bounds live here so every
 * adapter (HTTP query strings, embedding apps) gets the same 1..100 rule.
 */
import * as Schema from "effect/Schema"

export const Limit = Schema.Int.pipe(Schema.between(1, 100))
export const Offset = Schema.Int.pipe(Schema.nonNegative())

export const Page = Schema.Struct({ limit: Limit, offset: Offset })
export type Page = typeof Page.Type

export const defaultPage: Page = { limit: 20, offset: 0 }
