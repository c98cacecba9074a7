/**
 * FollowRepo on @effect/sql. A follow is one `follows` row keyed by
 * (follower, followee); a new one records its `followed` outbox event in the
 * same transaction, so the followee's notification can't be lost, and a
 * repeated follow records nothing.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { FollowRepo, type Page, type UserId } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { DateTime } from "effect"
import { recordEvent } from "./NotificationRepoSql.js"
import { dieOnSqlError, execute, findAll, toEpochMillis } from "./Rows.js"
import { toUser, type UserRow } from "./UserRepoSql.js"

/**
 * Who follows `userId`, most recent follow first, ties by follower id
 * descending: a walk of follows_followers, each user found by primary key.
 * Deactivated agents are left out as in every user list (`is_active = 1`).
 */
export const listFollowersQuery = (sql: SqlClient.SqlClient, userId: UserId, page: Page) =>
  sql<UserRow>`SELECT users.* FROM follows JOIN users ON users.id = follows.follower_id
    WHERE follows.followee_id = ${userId} AND users.is_active = 1
    ORDER BY follows.created_at DESC, follows.follower_id DESC
    LIMIT ${page.limit} OFFSET ${page.offset}`

/** Whom `userId` follows, the same way over follows_following. */
export const listFollowingQuery = (sql: SqlClient.SqlClient, userId: UserId, page: Page) =>
  sql<UserRow>`SELECT users.* FROM follows JOIN users ON users.id = follows.followee_id
    WHERE follows.follower_id = ${userId} AND users.is_active = 1
    ORDER BY follows.created_at DESC, follows.followee_id DESC
    LIMIT ${page.limit} OFFSET ${page.offset}`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const follow = (followerId: UserId, followeeId: UserId, at: DateTime.Utc) =>
    Effect.gen(function*() {
      const createdAt = toEpochMillis(at)
      // ON CONFLICT makes "already following?" and the write one atomic
      // statement: of two racing follows exactly one inserts, and only that
      // one records an event.
      const inserted = yield* sql`INSERT INTO follows (follower_id, followee_id, created_at)
        VALUES (${followerId}, ${followeeId}, ${createdAt})
        ON CONFLICT (follower_id, followee_id) DO NOTHING
        RETURNING follower_id`
      if (inserted.length === 0) return false
      yield* recordEvent(sql, { kind: "followed", followerId, followeeId }, createdAt)
      return true
    }).pipe(sql.withTransaction, dieOnSqlError)

  const unfollow = (followerId: UserId, followeeId: UserId) =>
    execute(sql`DELETE FROM follows WHERE follower_id = ${followerId} AND followee_id = ${followeeId}`)

  const followers = (userId: UserId, page: Page) => findAll(listFollowersQuery(sql, userId, page), toUser)

  const following = (userId: UserId, page: Page) => findAll(listFollowingQuery(sql, userId, page), toUser)

  return FollowRepo.of({ follow, unfollow, followers, following })
})

export const layer: Layer.Layer<FollowRepo, never, SqlClient.SqlClient> = Layer.effect(FollowRepo, make)
