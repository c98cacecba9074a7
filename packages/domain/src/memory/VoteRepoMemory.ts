/**
 * In-memory VoteRepo: the vote, the item's counters and the author's karma
 * change in one synchronous step.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Comment } from "../Comment.js"
import { CommentNotFound, PostNotFound } from "../Errors.js"
import { Post } from "../Post.js"
import { User } from "../User.js"
import { type VoteCounters as Counters, voteDelta, VoteTally, type VoteValue } from "../Vote.js"
import { VoteRepo } from "../VoteRepo.js"
import { MemoryStore, pairKey } from "./MemoryStore.js"

const moved = <A extends Counters>(item: A, delta: Counters) => ({
  upvotes: item.upvotes + delta.upvotes,
  downvotes: item.downvotes + delta.downvotes,
  score: item.score + delta.score
})

const tally = (item: Counters, myVote: VoteValue) =>
  new VoteTally({ upvotes: item.upvotes, downvotes: item.downvotes, score: item.score, myVote })

export const make: Effect.Effect<Context.Tag.Service<VoteRepo>, never, MemoryStore> = Effect.gen(function*() {
  const db = yield* MemoryStore
  const record = (votes: Map<string, 1 | -1>, key: string, value: VoteValue): VoteValue => {
    const before = votes.get(key) ?? 0
    if (value === 0) votes.delete(key)
    else votes.set(key, value)
    return before
  }
  const addKarma = (userId: string, delta: number) => {
    const row = db.users.get(userId)
    if (row !== undefined && delta !== 0) row.user = new User({ ...row.user, karma: row.user.karma + delta }, true)
  }
  /** The post's row, or undefined when it is gone or soft-deleted: then neither it nor its comments take votes. */
  const live = (postId: string) => {
    const row = db.posts.get(postId)
    return row === undefined || row.deletedAt !== null ? undefined : row
  }
  return VoteRepo.of({
    votePost: (postId, voterId, value) =>
      Effect.suspend(() => {
        const row = live(postId)
        if (row === undefined) return Effect.fail(new PostNotFound({ id: postId }))
        const delta = voteDelta(record(db.postVotes, pairKey(postId, voterId), value), value)
        row.post = new Post({ ...row.post, ...moved(row.post, delta) }, true)
        addKarma(row.post.authorId, delta.score)
        return Effect.succeed(tally(row.post, value))
      }),
    voteComment: (commentId, voterId, value) =>
      Effect.suspend(() => {
        const comment = db.comments.get(commentId)
        if (comment === undefined || comment.isDeleted || live(comment.postId) === undefined) {
          return Effect.fail(new CommentNotFound({ id: commentId }))
        }
        const delta = voteDelta(record(db.commentVotes, pairKey(commentId, voterId), value), value)
        const updated = new Comment({ ...comment, ...moved(comment, delta) }, true)
        db.comments.set(commentId, updated)
        addKarma(comment.authorId, delta.score)
        return Effect.succeed(tally(updated, value))
      })
  })
})

export const layer: Layer.Layer<VoteRepo, never, MemoryStore> = Layer.effect(VoteRepo, make)
