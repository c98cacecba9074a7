/**
 * The behaviour every VoteRepo adapter must have: one vote per voter and
 * item, a new value replacing the old one, 0 taking it back, and after every
 * step the item's counters and the author's karma exactly what the votes
 * cast so far imply, even when votes arrive at once. A vote on an item
 * deleted after the use case looked (a post, a comment, a comment's post) is
 * refused inside the vote's own step, and nothing moves.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import {
  ChannelRepo,
  CommentNotFound,
  CommentRepo,
  PostNotFound,
  PostRepo,
  type User,
  UserRepo,
  VoteRepo,
  VoteTally,
  type VoteValue
} from "@holonet/domain"
import * as Effect from "effect/Effect"
import {
  at,
  fresh,
  makeChannel,
  makeComment,
  makePost,
  makeUser,
  type RepositoriesLayer,
  seedUsers
} from "./Fixtures.js"

const author = makeUser("author")
const ann = makeUser("ann")
const ben = makeUser("ben")
const cat = makeUser("cat")
const voters = [ann, ben, cat, ...Array.from({ length: 3 }, (_, i) => makeUser(`voter${i}`))]
const general = makeChannel("general", author)
const post = makePost("voted", general, author)
const otherPost = makePost("other", general, author)
const comment = makeComment("voted", post, author)

const seed = Effect.gen(function*() {
  yield* seedUsers(author, ...voters)
  yield* (yield* ChannelRepo).create(general).pipe(Effect.orDie)
  const posts = yield* PostRepo
  yield* posts.insert(post)
  yield* posts.insert(otherPost)
  yield* (yield* CommentRepo).insert(comment)
})

/** The counters a set of standing votes implies. */
const implied = (votes: ReadonlyArray<VoteValue>) => ({
  upvotes: votes.filter((v) => v === 1).length,
  downvotes: votes.filter((v) => v === -1).length,
  score: votes.reduce<number>((sum, v) => sum + v, 0)
})

const postCounters = Effect.flatMap(PostRepo, (repo) => Effect.flatten(repo.findById(post.id))).pipe(
  Effect.map(({ downvotes, score, upvotes }) => ({ upvotes, downvotes, score }))
)

const commentCounters = Effect.flatMap(CommentRepo, (repo) => Effect.flatten(repo.findById(comment.id))).pipe(
  Effect.map(({ downvotes, score, upvotes }) => ({ upvotes, downvotes, score }))
)

const karmaOf = (user: User) =>
  Effect.flatMap(UserRepo, (repo) => Effect.flatten(repo.findById(user.id))).pipe(Effect.map((found) => found.karma))

type Counters = ReturnType<typeof implied>

const tally = (counters: Counters, myVote: VoteValue) => new VoteTally({ ...counters, myVote })

/** A vote through the repository, which refuses it when the item is no longer there to vote on. */
type CastVote = (voter: User, value: VoteValue) => Effect.Effect<VoteTally, PostNotFound | CommentNotFound, VoteRepo>

const votePost: CastVote = (voter, value) => Effect.flatMap(VoteRepo, (repo) => repo.votePost(post.id, voter.id, value))

const voteComment: CastVote = (voter, value) =>
  Effect.flatMap(VoteRepo, (repo) => repo.voteComment(comment.id, voter.id, value))

const deletePost = Effect.flatMap(PostRepo, (repo) => repo.softDelete(post.id, at(10)))

export const voteRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  addEqualityTesters()
  const run = fresh(layer)

  describe(`VoteRepo contract: ${name}`, () => {
    const kinds = [
      { kind: "post", vote: votePost, counters: postCounters },
      { kind: "comment", vote: voteComment, counters: commentCounters }
    ] as const

    for (const { counters, kind, vote } of kinds) {
      it.effect(`${kind}: up, change to down, take back with 0; counters and karma exact at each step`, () =>
        run(Effect.gen(function*() {
          yield* seed
          const steps: ReadonlyArray<readonly [User, VoteValue, ReadonlyArray<VoteValue>]> = [
            [ann, 1, [1]],
            [ben, 1, [1, 1]],
            [ann, -1, [-1, 1]],
            [cat, -1, [-1, 1, -1]],
            [ben, 0, [-1, -1]],
            [ann, 0, [-1]],
            [ann, 0, [-1]], // taking back a vote that isn't there changes nothing
            [cat, 1, [1]]
          ]
          for (const [voter, value, standing] of steps) {
            const expected = implied(standing)
            expect(yield* vote(voter, value)).toEqual(tally(expected, value))
            expect(yield* counters).toEqual(expected)
            expect(yield* karmaOf(author)).toBe(expected.score)
          }
          // Voters' own karma never moves.
          expect(yield* Effect.forEach([ann, ben, cat], karmaOf)).toEqual([0, 0, 0])
        })))

      it.effect(`${kind}: the same vote repeated, one after another or all at once, counts once`, () =>
        run(Effect.gen(function*() {
          yield* seed
          yield* vote(ann, 1)
          expect(yield* vote(ann, 1)).toEqual(tally(implied([1]), 1))
          const answers = yield* Effect.forEach(Array.from({ length: 20 }, () => -1 as const), (v) => vote(ben, v), {
            concurrency: "unbounded"
          })
          for (const answer of answers) expect(answer.myVote).toBe(-1)
          expect(yield* counters).toEqual(implied([1, -1]))
          expect(yield* karmaOf(author)).toBe(0)
        })))

      it.effect(`${kind}: several voters at once are all counted exactly`, () =>
        run(Effect.gen(function*() {
          yield* seed
          const values: ReadonlyArray<VoteValue> = [1, 1, -1, 1, -1, 1]
          yield* Effect.forEach(voters, (voter, i) => vote(voter, values[i] ?? 0), {
            concurrency: "unbounded",
            discard: true
          })
          expect(yield* counters).toEqual(implied(values))
          expect(yield* karmaOf(author)).toBe(2)

          // Everyone flips at once: still exact.
          const flipped = values.map((v): VoteValue => (v === 1 ? -1 : 1))
          yield* Effect.forEach(voters, (voter, i) => vote(voter, flipped[i] ?? 0), {
            concurrency: "unbounded",
            discard: true
          })
          expect(yield* counters).toEqual(implied(flipped))
          expect(yield* karmaOf(author)).toBe(-2)
        })))
    }

    it.effect("karma from post votes and comment votes adds up on the same author", () =>
      run(Effect.gen(function*() {
        yield* seed
        const votes = yield* VoteRepo
        yield* votes.votePost(post.id, ann.id, 1)
        yield* votes.votePost(post.id, ben.id, 1)
        yield* votes.votePost(otherPost.id, ann.id, -1)
        yield* votes.voteComment(comment.id, ann.id, 1)
        yield* votes.voteComment(comment.id, cat.id, 1)
        yield* votes.voteComment(comment.id, ben.id, -1)
        expect(yield* karmaOf(author)).toBe(2 - 1 + 1)

        // A post vote and a comment vote by one voter are separate votes.
        yield* votes.voteComment(comment.id, ann.id, 0)
        expect(yield* postCounters).toEqual(implied([1, 1]))
        expect(yield* commentCounters).toEqual(implied([1, -1]))
        expect(yield* karmaOf(author)).toBe(2 - 1 + 0)
        const other = yield* Effect.flatten((yield* PostRepo).findById(otherPost.id))
        expect([other.upvotes, other.downvotes, other.score]).toEqual([0, 1, -1])
      })))

    // The use case checks visibility before the vote's step begins; these
    // delete in between, by calling the repository directly.
    it.effect("a post deleted before the vote: refused with PostNotFound, the author's karma does not move", () =>
      run(Effect.gen(function*() {
        yield* seed
        yield* votePost(ann, 1)
        expect(yield* deletePost).toBe(true)
        expect(yield* Effect.flip(votePost(ben, 1))).toEqual(new PostNotFound({ id: post.id }))
        expect(yield* Effect.flip(votePost(ann, -1))).toEqual(new PostNotFound({ id: post.id }))
        expect(yield* Effect.flip(votePost(ann, 0))).toEqual(new PostNotFound({ id: post.id }))
        expect(yield* karmaOf(author)).toBe(1)
      })))

    it.effect("a comment deleted before the vote: refused with CommentNotFound, no counter moves", () =>
      run(Effect.gen(function*() {
        yield* seed
        yield* voteComment(ann, 1)
        expect(yield* Effect.flatMap(CommentRepo, (repo) => repo.softDelete(comment.id, at(10)))).toBe(true)
        expect(yield* Effect.flip(voteComment(ben, 1))).toEqual(new CommentNotFound({ id: comment.id }))
        expect(yield* Effect.flip(voteComment(ann, 0))).toEqual(new CommentNotFound({ id: comment.id }))
        expect(yield* commentCounters).toEqual(implied([1]))
        expect(yield* karmaOf(author)).toBe(1)
      })))

    it.effect("a comment whose post was deleted before the vote: refused with CommentNotFound, no counter moves", () =>
      run(Effect.gen(function*() {
        yield* seed
        yield* voteComment(ann, 1)
        expect(yield* deletePost).toBe(true)
        expect(yield* Effect.flip(voteComment(ben, -1))).toEqual(new CommentNotFound({ id: comment.id }))
        expect(yield* Effect.flip(voteComment(ann, -1))).toEqual(new CommentNotFound({ id: comment.id }))
        expect(yield* commentCounters).toEqual(implied([1]))
        expect(yield* karmaOf(author)).toBe(1)
      })))
  })
}
