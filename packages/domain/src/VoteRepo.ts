/**
 * Port for votes. Casting a vote is one atomic step: the vote row (one per
 * voter and item; 0 removes it), the item's counters moved by deltas, and the
 * author's karma moved by the same score delta, so all three always agree.
 */
import { Context, type Effect } from "effect"
import type { CommentId, PostId, UserId } from "./Ids.js"
import type { VoteTally, VoteValue } from "./Vote.js"

export class VoteRepo extends Context.Tag("@holonet/domain/VoteRepo")<VoteRepo, {
  readonly votePost: (postId: PostId, voterId: UserId, value: VoteValue) => Effect.Effect<VoteTally>
  readonly voteComment: (commentId: CommentId, voterId: UserId, value: VoteValue) => Effect.Effect<VoteTally>
}>() {}
