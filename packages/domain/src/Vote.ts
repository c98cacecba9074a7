/** Votes on posts and comments: one per user per item, +1, -1, or 0 to take it back. */
import { Schema } from "effect"
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
