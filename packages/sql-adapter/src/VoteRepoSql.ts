/**
 * VoteRepo on @effect/sql. One transaction per vote: lock the item row, read
 * the voter's standing vote, write the new one (a row exists only for +1 or
 * -1), move the item's counters by the deltas and the author's karma by the
 * score delta. The counters therefore always equal what the vote rows imply.
 * A post's stored ranks (hot, controversial) move with its counters, so the
 * ranked lists are served from indexes; comments have no stored rank (their
 * threads are ordered in memory, Thread.ts).
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { Statement } from "@effect/sql/Statement"
import {
  type CommentId,
  CommentNotFound,
  controversyRank,
  hotRank,
  type PostId,
  PostNotFound,
  type UserId,
  voteDelta,
  VoteRepo,
  VoteTally,
  type VoteValue
} from "@holonet/domain"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { dieOnSqlError, type EpochMillis } from "./Rows.js"

/** The locked item as it stands before the vote. */
interface ItemRow {
  readonly author_id: UserId
  readonly upvotes: number
  readonly downvotes: number
  readonly created_at: EpochMillis
}

interface CountersRow {
  readonly upvotes: number
  readonly downvotes: number
  readonly score: number
}

interface VoteRow {
  readonly value: number
}

/** The statements that differ between post votes and comment votes. */
interface VoteTable<E> {
  readonly kind: string
  /** Locks the item row for the rest of the transaction and returns its author; none if the item is gone or deleted. */
  readonly lock: () => Statement<ItemRow>
  /** The refusal when the lock found nothing to vote on. */
  readonly notFound: () => E
  readonly read: () => Statement<VoteRow>
  readonly upsert: (value: 1 | -1, at: number) => Statement<object>
  readonly remove: () => Statement<object>
  /** Moves the counters of `item` (as locked) by `delta`, and whatever is derived from them. */
  readonly move: (item: ItemRow, delta: CountersRow) => Statement<CountersRow>
}

/** A stored value is +1 or -1 (the table's CHECK); anything else reads as no vote. */
const standing = (rows: ReadonlyArray<VoteRow>): VoteValue => {
  const value = rows[0]?.value
  return value === 1 ? 1 : value === -1 ? -1 : 0
}

/** Lookups of the voter's row by the vote tables' primary keys. */
export const postVoteQuery = (sql: SqlClient.SqlClient, postId: PostId, voterId: UserId) =>
  sql<VoteRow>`SELECT value FROM post_votes WHERE post_id = ${postId} AND user_id = ${voterId}`

export const commentVoteQuery = (sql: SqlClient.SqlClient, commentId: CommentId, voterId: UserId) =>
  sql<VoteRow>`SELECT value FROM comment_votes WHERE comment_id = ${commentId} AND user_id = ${voterId}`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const cast = <E>(table: VoteTable<E>, id: string, value: VoteValue) =>
    Effect.gen(function*() {
      // Race safety. SQLite: the client has one connection and a transaction
      // holds it, so votes run one after another. Postgres (READ COMMITTED):
      // this no-op UPDATE takes the item's row lock until commit, so two
      // votes on one item (even by the same voter) serialize here and the
      // read below sees the other's committed row. `SELECT ... FOR UPDATE`
      // on the vote row alone would not do: there is no row to lock before
      // a voter's first vote, and two first votes would both count.
      const item = (yield* table.lock())[0]
      if (item === undefined) return yield* Effect.fail(table.notFound())
      const before = standing(yield* table.read())
      const delta = voteDelta(before, value)
      if (value === 0) {
        if (before !== 0) yield* table.remove()
      } else if (value !== before) {
        yield* table.upsert(value, yield* Clock.currentTimeMillis)
      }
      const counters = (yield* table.move(item, delta))[0]
      if (counters === undefined) return yield* Effect.dieMessage(`VoteRepoSql: no ${table.kind} ${id}`)
      if (delta.score !== 0) {
        yield* sql`UPDATE users SET karma = karma + ${delta.score} WHERE id = ${item.author_id}`
      }
      return new VoteTally({
        upvotes: counters.upvotes,
        downvotes: counters.downvotes,
        score: counters.score,
        myVote: value
      })
    }).pipe(sql.withTransaction, dieOnSqlError)

  const votePost = (postId: PostId, voterId: UserId, value: VoteValue) =>
    cast(
      {
        kind: "post",
        lock: () =>
          sql<ItemRow>`UPDATE posts SET score = score WHERE id = ${postId} AND deleted_at IS NULL
          RETURNING author_id, upvotes, downvotes, created_at`,
        notFound: () => new PostNotFound({ id: postId }),
        read: () => postVoteQuery(sql, postId, voterId),
        upsert: (value, at) =>
          sql`INSERT INTO post_votes (post_id, user_id, value, created_at) VALUES (${postId}, ${voterId}, ${value}, ${at})
          ON CONFLICT (post_id, user_id) DO UPDATE SET value = excluded.value`,
        remove: () => sql`DELETE FROM post_votes WHERE post_id = ${postId} AND user_id = ${voterId}`,
        // The row is locked, so the counters it was locked with plus the
        // delta are the counters this statement writes; the ranks are
        // computed from them with the domain's formulas, as the in-memory
        // adapter does, so both adapters order alike.
        move: (item, delta) => {
          const upvotes = item.upvotes + delta.upvotes
          const downvotes = item.downvotes + delta.downvotes
          return sql<CountersRow>`UPDATE posts SET upvotes = upvotes + ${delta.upvotes},
            downvotes = downvotes + ${delta.downvotes}, score = score + ${delta.score},
            hot_rank = ${hotRank(upvotes, downvotes, Number(item.created_at))},
            controversy_rank = ${controversyRank(upvotes, downvotes)}
          WHERE id = ${postId}
          RETURNING upvotes, downvotes, score`
        }
      },
      postId,
      value
    )

  const voteComment = (commentId: CommentId, voterId: UserId, value: VoteValue) =>
    cast(
      {
        kind: "comment",
        lock: () =>
          sql<ItemRow>`UPDATE comments SET score = score WHERE id = ${commentId} AND deleted_at IS NULL
            AND EXISTS (SELECT 1 FROM posts WHERE posts.id = comments.post_id AND posts.deleted_at IS NULL)
          RETURNING author_id, upvotes, downvotes, created_at`,
        notFound: () => new CommentNotFound({ id: commentId }),
        read: () => commentVoteQuery(sql, commentId, voterId),
        upsert: (value, at) =>
          sql`INSERT INTO comment_votes (comment_id, user_id, value, created_at)
          VALUES (${commentId}, ${voterId}, ${value}, ${at})
          ON CONFLICT (comment_id, user_id) DO UPDATE SET value = excluded.value`,
        remove: () => sql`DELETE FROM comment_votes WHERE comment_id = ${commentId} AND user_id = ${voterId}`,
        move: (_item, delta) =>
          sql<CountersRow>`UPDATE comments SET upvotes = upvotes + ${delta.upvotes},
            downvotes = downvotes + ${delta.downvotes}, score = score + ${delta.score}
          WHERE id = ${commentId}
          RETURNING upvotes, downvotes, score`
      },
      commentId,
      value
    )

  return VoteRepo.of({ votePost, voteComment })
})

export const layer: Layer.Layer<VoteRepo, never, SqlClient.SqlClient> = Layer.effect(VoteRepo, make)
