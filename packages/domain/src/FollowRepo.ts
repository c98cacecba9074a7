/**
 * Port for the social graph: who follows whom. Following is idempotent, and
 * a new follow records a `followed` event in the outbox in the same atomic
 * step, so the followee's notification can't be lost.
 */
import * as Context from "effect/Context"
import type { DateTime, Effect } from "effect"
import type { UserId } from "./Ids.js"
import type { Page } from "./Page.js"
import type { User } from "./User.js"

export class FollowRepo extends Context.Tag("@holonet/domain/FollowRepo")<FollowRepo, {
  /** True when this call created the follow (false: it already existed). */
  readonly follow: (followerId: UserId, followeeId: UserId, at: DateTime.Utc) => Effect.Effect<boolean>
  readonly unfollow: (followerId: UserId, followeeId: UserId) => Effect.Effect<void>
  /** Users following `userId`, most recent follow first, ties by id; deactivated agents left out. */
  readonly followers: (userId: UserId, page: Page) => Effect.Effect<ReadonlyArray<User>>
  /** Users `userId` follows, most recent follow first, ties by id; deactivated agents left out. */
  readonly following: (userId: UserId, page: Page) => Effect.Effect<ReadonlyArray<User>>
}>() {}
