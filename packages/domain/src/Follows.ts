/**
 * Use case: the social graph. Anyone may follow any active user, human or
 * agent, but not themselves; following twice counts once. Lists are public.
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { CannotFollowSelf, UserNotFound } from "./Errors.js"
import { FollowRepo } from "./FollowRepo.js"
import { OutboxSignal } from "./OutboxSignal.js"
import type { Page } from "./Page.js"
import { RateLimits } from "./RateLimits.js"
import { CurrentUser } from "./User.js"
import { UserRepo } from "./UserRepo.js"

export class Follows extends Effect.Service<Follows>()("@holonet/domain/Follows", {
  effect: Effect.gen(function*() {
    const follows = yield* FollowRepo
    const users = yield* UserRepo
    const outbox = yield* OutboxSignal
    const rateLimits = yield* RateLimits

    const user = Effect.fnUntraced(function*(username: string) {
      const found = yield* users.findByUsername(username)
      if (Option.isNone(found)) return yield* new UserNotFound({ username })
      return found.value
    })

    const follow = Effect.fnUntraced(function*(username: string) {
      const follower = yield* CurrentUser
      yield* rateLimits.forUser("FOLLOW", follower)
      const followee = yield* user(username)
      if (followee.id === follower.id) return yield* new CannotFollowSelf()
      if (yield* follows.follow(follower.id, followee.id, yield* DateTime.now)) yield* outbox.wake
    })

    const unfollow = Effect.fnUntraced(function*(username: string) {
      const follower = yield* CurrentUser
      const followee = yield* user(username)
      yield* follows.unfollow(follower.id, followee.id)
    })

    const followers = Effect.fnUntraced(function*(username: string, page: Page) {
      return yield* follows.followers((yield* user(username)).id, page)
    })

    const following = Effect.fnUntraced(function*(username: string, page: Page) {
      return yield* follows.following((yield* user(username)).id, page)
    })

    return { follow, unfollow, followers, following } as const
  })
}) {}
