/**
 * Votes use case on the in-memory domain: counters and the author's karma
 * after votes, changes and removals, one vote per voter and item, no votes
 * on your own post or comment, and none on deleted items, even one deleted
 * after the use case has looked it up.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Schema } from "effect"
import { NewChannel } from "../src/Channel.js"
import { Channels } from "../src/Channels.js"
import { NewComment } from "../src/Comment.js"
import { Comments } from "../src/Comments.js"
import { CommentNotFound, PermissionDenied, PostNotFound } from "../src/Errors.js"
import { CommentId, PostId } from "../src/Ids.js"
import { NewPost } from "../src/Post.js"
import { PostRepo } from "../src/PostRepo.js"
import { Posts } from "../src/Posts.js"
import { DomainMemory } from "../src/testing.js"
import type { User } from "../src/User.js"
import { UserRepo } from "../src/UserRepo.js"
import { VoteTally, type VoteValue } from "../src/Vote.js"
import { Votes } from "../src/Votes.js"
import { as, signUp } from "./UseCaseFixtures.js"

addEqualityTesters()

/** alice posts in a channel and bob comments under it; the others vote. */
const setUp = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  const dave = yield* signUp("dave")
  const channel = yield* Schema.decodeUnknown(NewChannel)({ name: "general", title: "General" })
  yield* (yield* Channels).create(channel).pipe(as(alice))
  const newPost = yield* Schema.decodeUnknown(NewPost)({ title: "Vote on me", content: "", channel_id: "general" })
  const post = yield* (yield* Posts).create(newPost).pipe(as(alice))
  const newComment = yield* Schema.decodeUnknown(NewComment)({ post_id: post.id, content: "And me" })
  const comment = yield* (yield* Comments).create(newComment).pipe(as(bob))
  return { alice, bob, carol, dave, post, comment }
}).pipe(Effect.orDie)

const karmaOf = (user: User) =>
  Effect.flatMap(UserRepo, (repo) => Effect.flatten(repo.findById(user.id))).pipe(
    Effect.map((stored) => stored.karma),
    Effect.orDie
  )

const tally = (upvotes: number, downvotes: number, myVote: VoteValue) =>
  new VoteTally({ upvotes, downvotes, score: upvotes - downvotes, myVote })

/**
 * The Votes use case over a PostRepo that soft-deletes a post right after
 * handing it out: every vote lands in the window between the use case's
 * visibility check and the vote's own atomic step.
 */
const VotesRacingDeletion = Votes.Default.pipe(
  Layer.provide(Layer.effect(
    PostRepo,
    Effect.map(PostRepo, (repo) =>
      PostRepo.of({
        ...repo,
        findById: (id) =>
          Effect.tap(repo.findById(id), () => Effect.flatMap(DateTime.now, (now) => repo.softDelete(id, now)))
      }))
  ))
)

describe("Votes", () => {
  it.effect("post votes: counts and the author's karma after votes, changes and removals", () =>
    Effect.gen(function*() {
      const { alice, bob, carol, dave, post } = yield* setUp
      const votes = yield* Votes
      const posts = yield* Posts
      const vote = (voter: User, value: VoteValue) => votes.votePost(post.id, value).pipe(as(voter))

      expect(yield* vote(bob, 1)).toEqual(tally(1, 0, 1))
      expect(yield* vote(carol, 1)).toEqual(tally(2, 0, 1))
      expect(yield* vote(dave, -1)).toEqual(tally(2, 1, -1))
      expect(yield* karmaOf(alice)).toBe(1)

      expect(yield* vote(carol, -1)).toEqual(tally(1, 2, -1)) // a change replaces the old vote
      expect(yield* karmaOf(alice)).toBe(-1)
      expect(yield* vote(carol, -1)).toEqual(tally(1, 2, -1)) // the same vote again counts once
      expect(yield* vote(dave, 0)).toEqual(tally(1, 1, 0)) // 0 takes it back
      expect(yield* vote(dave, 0)).toEqual(tally(1, 1, 0))
      expect(yield* karmaOf(alice)).toBe(0)

      const stored = yield* posts.get(post.id)
      expect([stored.upvotes, stored.downvotes, stored.score]).toEqual([1, 1, 0])
      expect(yield* Effect.forEach([bob, carol, dave], karmaOf)).toEqual([0, 0, 0])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("comment votes: counts and the author's karma, added to karma from posts", () =>
    Effect.gen(function*() {
      const { alice, bob, carol, comment, dave, post } = yield* setUp
      const votes = yield* Votes
      const comments = yield* Comments
      const vote = (voter: User, value: VoteValue) => votes.voteComment(comment.id, value).pipe(as(voter))

      expect(yield* vote(alice, 1)).toEqual(tally(1, 0, 1))
      expect(yield* vote(carol, 1)).toEqual(tally(2, 0, 1))
      expect(yield* vote(dave, -1)).toEqual(tally(2, 1, -1))
      expect(yield* vote(carol, 0)).toEqual(tally(1, 1, 0))
      expect(yield* vote(dave, 1)).toEqual(tally(2, 0, 1))
      const stored = yield* comments.get(comment.id)
      expect([stored.upvotes, stored.downvotes, stored.score]).toEqual([2, 0, 2])
      expect(yield* karmaOf(bob)).toBe(2)

      // bob also earns from a post of his own.
      const newPost = yield* Schema.decodeUnknown(NewPost)({ title: "Bob's", content: "", channel_id: "general" })
      const bobsPost = yield* (yield* Posts).create(newPost).pipe(as(bob))
      yield* votes.votePost(bobsPost.id, -1).pipe(as(carol))
      expect(yield* karmaOf(bob)).toBe(1)
      // ...and votes on alice's post are hers alone.
      yield* votes.votePost(post.id, 1).pipe(as(bob))
      expect([yield* karmaOf(alice), yield* karmaOf(bob)]).toEqual([1, 1])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("50 voters at once give exactly 50 votes; one voter repeating 20 times at once counts once", () =>
    Effect.gen(function*() {
      const { alice, post } = yield* setUp
      const votes = yield* Votes
      const voters = yield* Effect.forEach(Array.from({ length: 50 }, (_, i) => `voter_${i}`), signUp)
      yield* Effect.forEach(voters, (voter) => votes.votePost(post.id, 1).pipe(as(voter)), {
        concurrency: "unbounded",
        discard: true
      })
      const [first] = voters
      if (first !== undefined) {
        yield* Effect.forEach(Array.from({ length: 20 }), () => votes.votePost(post.id, 1).pipe(as(first)), {
          concurrency: "unbounded",
          discard: true
        })
      }
      const stored = yield* (yield* Posts).get(post.id)
      expect([stored.upvotes, stored.downvotes, stored.score]).toEqual([50, 0, 50])
      expect(yield* karmaOf(alice)).toBe(50)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("voting on your own post or comment is PermissionDenied, even with 0, and changes nothing", () =>
    Effect.gen(function*() {
      const { alice, bob, comment, post } = yield* setUp
      const votes = yield* Votes
      for (const value of [1, -1, 0] as const) {
        expect(yield* Effect.flip(votes.votePost(post.id, value).pipe(as(alice)))).toBeInstanceOf(PermissionDenied)
        expect(yield* Effect.flip(votes.voteComment(comment.id, value).pipe(as(bob)))).toBeInstanceOf(
          PermissionDenied
        )
      }
      const storedPost = yield* (yield* Posts).get(post.id)
      const storedComment = yield* (yield* Comments).get(comment.id)
      expect([storedPost.upvotes, storedPost.downvotes, storedComment.upvotes, storedComment.downvotes]).toEqual([
        0,
        0,
        0,
        0
      ])
      expect([yield* karmaOf(alice), yield* karmaOf(bob)]).toEqual([0, 0])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("voting on a deleted or unknown post or comment is not found", () =>
    Effect.gen(function*() {
      const { alice, bob, carol, comment, post } = yield* setUp
      const votes = yield* Votes
      yield* (yield* Comments).remove(comment.id).pipe(as(bob))
      expect(yield* Effect.flip(votes.voteComment(comment.id, 1).pipe(as(carol)))).toEqual(
        new CommentNotFound({ id: comment.id })
      )
      const unknownComment = CommentId.make("nope")
      expect(yield* Effect.flip(votes.voteComment(unknownComment, 1).pipe(as(carol)))).toEqual(
        new CommentNotFound({ id: unknownComment })
      )

      // A live comment under a post that is then deleted is gone too.
      const input = yield* Schema.decodeUnknown(NewComment)({ post_id: post.id, content: "Live" })
      const live = yield* (yield* Comments).create(input).pipe(as(bob))
      yield* (yield* Posts).remove(post.id).pipe(as(alice))
      expect(yield* Effect.flip(votes.votePost(post.id, 1).pipe(as(carol)))).toEqual(new PostNotFound({ id: post.id }))
      expect(yield* Effect.flip(votes.voteComment(live.id, 1).pipe(as(carol)))).toEqual(
        new CommentNotFound({ id: live.id })
      )
      const unknownPost = PostId.make("nope")
      expect(yield* Effect.flip(votes.votePost(unknownPost, 1).pipe(as(carol)))).toEqual(
        new PostNotFound({ id: unknownPost })
      )
      expect([yield* karmaOf(alice), yield* karmaOf(bob)]).toEqual([0, 0])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("a post deleted after the visibility check is not found either, and no counter moves", () =>
    Effect.gen(function*() {
      const { alice, carol, dave, post } = yield* setUp
      yield* (yield* Votes).votePost(post.id, 1).pipe(as(carol))
      expect(yield* karmaOf(alice)).toBe(1)
      const racing = Effect.flatMap(Votes, (votes) => votes.votePost(post.id, -1)).pipe(
        as(dave),
        Effect.provide(VotesRacingDeletion)
      )
      expect(yield* Effect.flip(racing)).toEqual(new PostNotFound({ id: post.id }))
      expect(yield* Effect.flip((yield* Posts).get(post.id))).toEqual(new PostNotFound({ id: post.id }))
      expect(yield* karmaOf(alice)).toBe(1)
    }).pipe(Effect.provide(DomainMemory.layer)))
})
