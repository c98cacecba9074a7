/**
 * The pages' query parameters, checked against the same bounds as the REST
 * API (the domain's sorts, windows and page sizes). A bad value is a
 * `BadParameter`, answered with a 400 page naming it.
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"

export class BadParameter extends Data.TaggedError("BadParameter")<{ readonly message: string }> {}

export type Params = URLSearchParams

/** The query string of a request URL. */
export const paramsOf = (url: string): Params => {
  const q = url.indexOf("?")
  return new URLSearchParams(q === -1 ? "" : url.slice(q + 1))
}

/** One of `choices`, or `fallback` when absent. */
export const choice = <A extends string>(
  params: Params,
  name: string,
  choices: ReadonlyArray<A>,
  fallback: A
): Effect.Effect<A, BadParameter> => {
  const value = params.get(name)
  if (value === null || value === "") return Effect.succeed(fallback)
  const found = choices.find((c) => c === value)
  return found === undefined
    ? Effect.fail(new BadParameter({ message: `${name} must be one of ${choices.join(", ")}` }))
    : Effect.succeed(found)
}

/** A whole number in [min, max], or `fallback` when absent. */
export const integer = (
  params: Params,
  name: string,
  min: number,
  max: number,
  fallback: number
): Effect.Effect<number, BadParameter> => {
  const value = params.get(name)
  if (value === null || value === "") return Effect.succeed(fallback)
  const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN
  return Number.isInteger(n) && n >= min && n <= max
    ? Effect.succeed(n)
    : Effect.fail(new BadParameter({ message: `${name} must be a whole number from ${min} to ${max}` }))
}

export const maxOffset = 100_000

/** `limit` (1..100, default 25) and `offset` (default 0), as the API's pagination. */
export const pageOf = (params: Params) =>
  Effect.all({
    limit: integer(params, "limit", 1, 100, 25),
    offset: integer(params, "offset", 0, maxOffset, 0)
  })
