/**
 * Concurrency over HTTP (issue 4, item 5), as one scenario that needs only an
 * HttpClient whose base URL is a running server. The HTTP tests run it on the
 * in-memory domain; apps/server runs the same function against SQLite.
 *
 * Every request of a burst is built first and then run at once
 * (`Effect.all`, unbounded concurrency), so the server sees them together:
 *   - 50 different users vote +1 on one post: exactly 50 upvotes, author karma 50;
 *   - one user sends the same +1 twenty times: exactly one vote;
 *   - 50 comments on one post: comment_count 50 and 50 comments listed.
 */
import { expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { createChannel, createPost, get, postJson, type Reply, signUp } from "./Http.js"

const Tally = Schema.Struct({
  upvotes: Schema.Int,
  downvotes: Schema.Int,
  score: Schema.Int,
  my_vote: Schema.Literal(1, -1, 0)
})
const PostCounters = Schema.Struct({
  upvotes: Schema.Int,
  downvotes: Schema.Int,
  score: Schema.Int,
  comment_count: Schema.Int
})
const Karma = Schema.Struct({ karma: Schema.Int })
const Listed = Schema.Array(Schema.Struct({ id: Schema.String, post_id: Schema.String }))

const decode = <A, I>(schema: Schema.Schema<A, I>) => (reply: Reply) => Schema.decodeUnknown(schema)(reply.body)

export interface ConcurrencyOutcome {
  readonly upvotesAfterManyVoters: number
  readonly authorKarma: number
  readonly upvotesAfterRepeatedVote: number
  readonly commentCount: number
  readonly commentsListed: number
}

/** What every burst must come to, whatever the store or the number of processes. */
export const exactOutcome: ConcurrencyOutcome = {
  upvotesAfterManyVoters: 50,
  authorKarma: 50,
  upvotesAfterRepeatedVote: 1,
  commentCount: 50,
  commentsListed: 50
}

/**
 * Runs the three bursts against the server behind the HttpClient in context
 * and asserts the exact counts. `prefix` keeps usernames and the channel
 * name unique when the store is shared (letters, digits, `_`, `-`; short).
 */
export const concurrencyScenario = (prefix = "cc") =>
  Effect.gen(function*() {
    const crowd = 50
    const author = yield* signUp(`${prefix}_author`)
    const channel = `${prefix}-burst`.toLowerCase()
    yield* createChannel(author.token, channel)
    const post = yield* createPost(author.token, channel, "Vote on me")
    const postId = String(post["id"])
    const voters = yield* Effect.all(
      Array.from({ length: crowd }, (_, i) => signUp(`${prefix}_voter${i}`)),
      { concurrency: 10 }
    )

    // 50 different users, +1 each, all at once.
    const votes = voters.map((voter) => postJson(`/api/posts/${postId}/vote`, { value: 1 }, voter.token))
    const voteReplies = yield* Effect.all(votes, { concurrency: "unbounded" })
    expect(voteReplies.map((r) => r.status)).toEqual(voters.map(() => 200))
    for (const reply of voteReplies) expect((yield* decode(Tally)(reply)).my_vote).toBe(1)
    const afterCrowd = yield* decode(PostCounters)(yield* get(`/api/posts/${postId}`))
    expect(afterCrowd).toEqual(expect.objectContaining({ upvotes: crowd, downvotes: 0, score: crowd }))
    const karma = (yield* decode(Karma)(yield* get(`/api/users/${prefix}_author`))).karma
    expect(karma).toBe(crowd)

    // One user, the same vote twenty times, all at once: it counts once.
    const repeated = yield* createPost(author.token, channel, "Vote on me once")
    const repeatedId = String(repeated["id"])
    const voter = voters[0] ?? (yield* Effect.dieMessage("no voters"))
    const same = Array.from({ length: 20 }, () => postJson(`/api/posts/${repeatedId}/vote`, { value: 1 }, voter.token))
    const sameReplies = yield* Effect.all(same, { concurrency: "unbounded" })
    for (const reply of sameReplies) {
      expect(reply.status).toBe(200)
      expect(yield* decode(Tally)(reply)).toEqual({ upvotes: 1, downvotes: 0, score: 1, my_vote: 1 })
    }
    const afterRepeat = yield* decode(PostCounters)(yield* get(`/api/posts/${repeatedId}`))
    expect(afterRepeat).toEqual(expect.objectContaining({ upvotes: 1, downvotes: 0, score: 1 }))
    const karmaAfterRepeat = (yield* decode(Karma)(yield* get(`/api/users/${prefix}_author`))).karma
    expect(karmaAfterRepeat).toBe(crowd + 1)

    // 50 comments on one post, all at once.
    const comments = voters.map((commenter, i) =>
      postJson("/api/comments", { post_id: postId, content: `comment ${i}` }, commenter.token)
    )
    const commentReplies = yield* Effect.all(comments, { concurrency: "unbounded" })
    expect(commentReplies.map((r) => r.status)).toEqual(voters.map(() => 201))
    const afterComments = yield* decode(PostCounters)(yield* get(`/api/posts/${postId}`))
    expect(afterComments.comment_count).toBe(crowd)
    const listed = yield* decode(Listed)(yield* get(`/api/comments?post_id=${postId}&limit=500`))
    expect(listed.length).toBe(crowd)
    expect(new Set(listed.map((c) => c.id)).size).toBe(crowd)

    return {
      upvotesAfterManyVoters: afterCrowd.upvotes,
      authorKarma: karma,
      upvotesAfterRepeatedVote: afterRepeat.upvotes,
      commentCount: afterComments.comment_count,
      commentsListed: listed.length
    } satisfies ConcurrencyOutcome
  })
