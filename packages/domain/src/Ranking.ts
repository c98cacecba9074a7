/**
 * Post ranking: the sorts readers choose and the rank formulas behind them.
 * Ranks depend only on the votes and the creation time (Reddit's trick: a
 * newer post starts from a higher baseline instead of older ones decaying),
 * so a stored rank stays correct until the next vote on that post and can be
 * served from an index. Time windows (`t` of `top` and `controversial`,
 * `rising`) are bounds on the creation time, computed from the clock when
 * the list is asked for.
 */
import * as Schema from "effect/Schema"
import { choices } from "./Fields.js"

const postSorts = ["new", "hot", "top", "rising", "controversial"] as const
export const PostSort = Schema.Literal(...postSorts).annotations(choices(postSorts))
export type PostSort = typeof PostSort.Type

/** The sorts of `GET /api/feed`. */
const feedSorts = ["hot", "new", "top", "rising"] as const
export const FeedSort = Schema.Literal(...feedSorts).annotations(choices(feedSorts))
export type FeedSort = typeof FeedSort.Type

/** `t` of the `top` and `controversial` sorts. */
const topWindows = ["hour", "day", "week", "month", "year", "all"] as const
export const TopWindow = Schema.Literal(...topWindows).annotations(choices(topWindows))
export type TopWindow = typeof TopWindow.Type

/** What a repository orders by; `rising` is `hot` within the last 12 hours. */
export type PostOrder = "new" | "hot" | "top" | "controversial"

const hour = 3_600_000
const day = 24 * hour

const windowMillis: Record<TopWindow, number | null> = {
  hour,
  day,
  week: 7 * day,
  month: 30 * day,
  year: 365 * day,
  all: null
}

/** How far back `rising` looks. */
export const risingWindowMillis = 12 * hour

/** Reddit's epoch for the hot rank (2005-12-08T07:46:43Z), in seconds. */
const hotEpochSeconds = 1134028003

/** `sign(s) * log10(max(|s|, 1)) + (created - 1134028003) / 45000`, s = up - down, created in epoch seconds. */
export const hotRank = (upvotes: number, downvotes: number, createdAtMillis: number): number => {
  const score = upvotes - downvotes
  return Math.sign(score) * Math.log10(Math.max(Math.abs(score), 1)) +
    (createdAtMillis / 1000 - hotEpochSeconds) / 45000
}

/** `(up + down) ^ (min / max)`, 0 when either side has no votes: many votes, evenly split, rank highest. */
export const controversyRank = (upvotes: number, downvotes: number): number => {
  if (upvotes === 0 || downvotes === 0) return 0
  return Math.pow(upvotes + downvotes, Math.min(upvotes, downvotes) / Math.max(upvotes, downvotes))
}

export interface RankedOrder {
  readonly order: PostOrder
  /** Only posts created at or after this instant (epoch ms). */
  readonly since?: number
}

/** The index order and creation-time bound behind a sort, at `nowMillis`. */
export const rankedOrder = (sort: PostSort, window: TopWindow, nowMillis: number): RankedOrder => {
  switch (sort) {
    case "rising":
      return { order: "hot", since: nowMillis - risingWindowMillis }
    // As on Reddit, `t` bounds both sorts that rank the whole history.
    case "top":
    case "controversial": {
      const span = windowMillis[window]
      return span === null ? { order: sort } : { order: sort, since: nowMillis - span }
    }
    default:
      return { order: sort }
  }
}
