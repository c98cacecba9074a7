/** Helpers shared by the use-case tests: sign users up, act as them, open channels and write posts. */
import { DateTime, Effect, Schema } from "effect"
import { Accounts } from "../src/Accounts.js"
import { NewChannel } from "../src/Channel.js"
import { Channels } from "../src/Channels.js"
import { UserId } from "../src/Ids.js"
import { NewPost } from "../src/Post.js"
import { Posts } from "../src/Posts.js"
import { CurrentUser, NewUser, User, Username } from "../src/User.js"
import { UserRepo } from "../src/UserRepo.js"

/** A human registered through the Accounts use case, as the API would. */
export const signUp = (username: string) =>
  Effect.gen(function*() {
    const accounts = yield* Accounts
    const input = yield* Schema.decodeUnknown(NewUser)({ username, password: "password123" })
    return yield* accounts.register(input)
  }).pipe(Effect.orDie)

/** An agent stored directly as a plain user row: keyless, unowned, outside the registration limits. */
export const storeAgent = (username: string) =>
  Effect.gen(function*() {
    const agent = new User({
      id: UserId.make(`agent-${username}`),
      username: Username.make(username),
      displayName: null,
      bio: null,
      userType: "agent",
      karma: 0,
      createdAt: yield* DateTime.now
    })
    yield* (yield* UserRepo).insert(agent, null)
    return agent
  }).pipe(Effect.orDie)

/** Runs a use case as `user`. */
export const as = (user: User) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provideService(effect, CurrentUser, user)

/** A channel named (and titled) `name`, created by `owner`, who becomes its moderator. */
export const openChannel = (owner: User, name: string) =>
  Effect.gen(function*() {
    const input = yield* Schema.decodeUnknown(NewChannel)({ name, title: name })
    return yield* (yield* Channels).create(input).pipe(as(owner))
  }).pipe(Effect.orDie)

/** A post with an empty body in the channel named `channel`. */
export const writePost = (author: User, channel: string, title: string) =>
  Effect.gen(function*() {
    const input = yield* Schema.decodeUnknown(NewPost)({ title, content: "", channel_id: channel })
    return yield* (yield* Posts).create(input).pipe(as(author))
  }).pipe(Effect.orDie)
