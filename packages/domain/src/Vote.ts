/** Votes on posts and comments: one per user per item, +1, -1, or 0 to take it back. */
import * as Schema from "effect/Schema"
import { renamed } from "./Fields.js"

export const VoteValue = Schema.Literal(1, -1, 0)
export type VoteValue = typeof VoteValue.Type

export class VoteRequest extends Schema.Class<VoteRequest>("VoteRequest")({ value: VoteValue }) {}

/** An item's counters after a vote, and the voter's vote now standing. */
export class VoteTally extends Schema.Class<VoteTally>("VoteTally")({
  upvotes: Schema.NonNegativeInt,
  downvotes: Schema.NonNegativeInt,
  score: Schema.Int,
  myVote: renamed(VoteValue, "my_vote")
}) {}

/** An item's vote counters, or how far they move. */
export interface VoteCounters {
  readonly upvotes: number
  readonly downvotes: number
  readonly score: number
}

/** How the counters move when a voter's vote goes from `before` to `after` (0: no vote). */
export const voteDelta = (before: VoteValue, after: VoteValue): VoteCounters => ({
  upvotes: (after === 1 ? 1 : 0) - (before === 1 ? 1 : 0),
  downvotes: (after === -1 ? 1 : 0) - (before === -1 ? 1 : 0),
  score: after - before
})
