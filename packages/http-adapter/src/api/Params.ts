/**
 * What the contract files share: how request schemas report their errors,
 * the paging query parameters, and the `:username` path. Query strings carry
 * only text, so numbers and booleans are parsed from it here.
 */
import { Limit, Offset, storableText } from "@holonet/domain"
import * as Schema from "effect/Schema"

/** Report every bad field at once, as FastAPI does, not only the first. */
export const allIssues = { parseOptions: { errors: "all" } } as const

/** For PATCH bodies: a field that may not be changed is refused, never dropped silently. */
export const allIssuesNoExtraFields = { parseOptions: { errors: "all", onExcessProperty: "error" } } as const

/** A query parameter that may be left out (then absent, never `undefined`). */
export const optionalParam = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

/** `limit` and `offset`, for spreading into a list's parameters. */
export const pageParams = {
  limit: optionalParam(Schema.NumberFromString.pipe(Schema.compose(Limit))),
  offset: optionalParam(Schema.NumberFromString.pipe(Schema.compose(Offset)))
}

export const PageParams = Schema.Struct(pageParams).annotations(allIssues)

/**
 * A boolean query parameter. Query strings have no booleans, so the usual
 * spellings are accepted (`true`/`false`, `1`/`0`) and anything else is a 422
 * rather than a silent `false`.
 */
export const BooleanParam = Schema.transform(Schema.Literal("true", "false", "1", "0"), Schema.Boolean, {
  strict: true,
  decode: (text) => text === "true" || text === "1",
  encode: (flag) => (flag ? "true" : "false")
})

/** `/…/:username`, for users and agents alike (they share one namespace). */
export const UsernamePath = Schema.Struct({ username: Schema.String.pipe(Schema.maxLength(64), storableText) })
