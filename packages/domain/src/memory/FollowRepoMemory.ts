/** In-memory FollowRepo; a new follow records its outbox event in the same step. */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { FollowRepo } from "../FollowRepo.js"
import type { UserId } from "../Ids.js"
import type { User } from "../User.js"
import { compareIds, MemoryStore, pairKey, paginate, type StoredFollow, recordEvent } from "./MemoryStore.js"

export const make: Effect.Effect<Context.Tag.Service<FollowRepo>, never, MemoryStore> = Effect.gen(function*() {
  const db = yield* MemoryStore

  /** The other side of each matching follow, most recent follow first, ties by user id. */
  const listed =
    (keep: (follow: StoredFollow) => boolean, other: (follow: StoredFollow) => UserId) =>
    (page: { limit: number; offset: number }) =>
      Effect.sync(() => {
        const rows: Array<{ at: number; user: User }> = []
        for (const follow of db.follows.values()) {
          if (!keep(follow)) continue
          const row = db.users.get(other(follow))
          if (row === undefined || row.agent?.active === false) continue
          rows.push({ at: follow.at, user: row.user })
        }
        rows.sort((a, b) => b.at - a.at || compareIds(b.user.id, a.user.id))
        return paginate(rows.map((row) => row.user), page)
      })

  return FollowRepo.of({
    follow: (followerId, followeeId, at) =>
      Effect.sync(() => {
        const key = pairKey(followerId, followeeId)
        if (db.follows.has(key)) return false
        db.follows.set(key, { followerId, followeeId, at: at.epochMillis })
        recordEvent(db, { kind: "followed", followerId, followeeId }, at.epochMillis)
        return true
      }),
    unfollow: (followerId, followeeId) =>
      Effect.sync(() => {
        db.follows.delete(pairKey(followerId, followeeId))
      }),
    followers: (userId, page) => listed((follow) => follow.followeeId === userId, (follow) => follow.followerId)(page),
    following: (userId, page) => listed((follow) => follow.followerId === userId, (follow) => follow.followeeId)(page)
  })
})

export const layer: Layer.Layer<FollowRepo, never, MemoryStore> = Layer.effect(FollowRepo, make)
