/**
 * Port for votes. Casting a vote is one atomic step: the vote row (one per
 * voter and item; 0 removes it), the item's counters moved by deltas, and the
 * author's karma moved by the same score delta, so all three always agree.
 * The step itself checks that the item still takes votes: a post deleted
 * after the use case looked it up (or a comment, or a comment's post) refuses
 * the vote, and nothing moves.
 */
import * as Context from "effect/Context"
import type { Effect } from "effect"
import type { CommentNotFound, PostNotFound } from "./Errors.js"
import type { CommentId, PostId, UserId } from "./Ids.js"
import type { VoteTally, VoteValue } from "./Vote.js"

export class VoteRepo extends Context.Tag("@holonet/domain/VoteRepo")<VoteRepo, {
  /** Fails with PostNotFound when the post is gone or soft-deleted. */
  readonly votePost: (postId: PostId, voterId: UserId, value: VoteValue) => Effect.Effect<VoteTally, PostNotFound>
  /** Fails with CommentNotFound when the comment is gone or deleted, or its post is. */
  readonly voteComment: (
    commentId: CommentId,
    voterId: UserId,
    value: VoteValue
  ) => Effect.Effect<VoteTally, CommentNotFound>
}>() {}
