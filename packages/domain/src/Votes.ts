/**
 * Use case: votes. Anyone may vote once per item (a new value replaces the
 * old, 0 takes it back), never on their own post or comment, and only on
 * items that are visible. The repository checks visibility again inside the
 * vote's own step, so an item deleted after the check here is not found either.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { CommentRepo } from "./CommentRepo.js"
import { CommentNotFound, PermissionDenied, PostNotFound } from "./Errors.js"
import type { CommentId, PostId } from "./Ids.js"
import { PostRepo } from "./PostRepo.js"
import { RateLimits } from "./RateLimits.js"
import { CurrentUser } from "./User.js"
import type { VoteValue } from "./Vote.js"
import { VoteRepo } from "./VoteRepo.js"

export class Votes extends Effect.Service<Votes>()("@holonet/domain/Votes", {
  effect: Effect.gen(function*() {
    const votes = yield* VoteRepo
    const posts = yield* PostRepo
    const comments = yield* CommentRepo
    const rateLimits = yield* RateLimits

    const votePost = Effect.fnUntraced(function*(postId: PostId, value: VoteValue) {
      const voter = yield* CurrentUser
      yield* rateLimits.forUser("VOTE", voter)
      const post = yield* posts.findById(postId)
      if (Option.isNone(post)) return yield* new PostNotFound({ id: postId })
      if (post.value.authorId === voter.id) {
        return yield* new PermissionDenied({ reason: "You cannot vote on your own post" })
      }
      return yield* votes.votePost(postId, voter.id, value)
    })

    const voteComment = Effect.fnUntraced(function*(commentId: CommentId, value: VoteValue) {
      const voter = yield* CurrentUser
      yield* rateLimits.forUser("VOTE", voter)
      const comment = yield* comments.findById(commentId)
      if (Option.isNone(comment) || comment.value.isDeleted) return yield* new CommentNotFound({ id: commentId })
      if (Option.isNone(yield* posts.findById(comment.value.postId))) {
        return yield* new CommentNotFound({ id: commentId })
      }
      if (comment.value.authorId === voter.id) {
        return yield* new PermissionDenied({ reason: "You cannot vote on your own comment" })
      }
      return yield* votes.voteComment(commentId, voter.id, value)
    })

    return { votePost, voteComment } as const
  })
}) {}
