/**
 * Full-text search: what can be searched and how any user text becomes
 * search terms. Terms are words of letters and digits only, lowercased and
 * without diacritics, so no character a user types can reach a query
 * language (quotes, `*`, `NEAR`, `AND`... are just text, or nothing).
 */
import * as Schema from "effect/Schema"
import { choices } from "./Fields.js"

const searchTypes = ["posts", "comments", "channels", "users"] as const
export const SearchType = Schema.Literal(...searchTypes).annotations(choices(searchTypes))
export type SearchType = typeof SearchType.Type

export const SearchText = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200))

/**
 * How many of the most recent matches are ranked by relevance. Scoring is
 * the costly part of a search, so a common word would otherwise make one
 * query score a large share of the network; the most recent matches are
 * also what a reader of a social network is after.
 */
export const searchRankWindow = 1000

/** Enough for any real question; bounds the work one query can ask for. */
export const maxSearchTerms = 16

/** The words of `text`, each matched as a word prefix; every term must match. */
export const searchTerms = (text: string): ReadonlyArray<string> => {
  const words = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return [...new Set(words)].slice(0, maxSearchTerms)
}
