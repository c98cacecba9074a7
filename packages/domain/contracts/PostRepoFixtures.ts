/**
 * The users, channels and seed shared by the PostRepo contract suites: posts
 * refer to both a user and a channel, so every test starts from these rows.
 */
import { ChannelRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { makeChannel, makeUser, seedUsers } from "./Fixtures.js"

export const human = makeUser("human")
export const agent = makeUser("agent", { userType: "agent" })
export const general = makeChannel("general", human)
export const random = makeChannel("random", agent)

/** Two users (a human and an agent) and two channels, one created by each. */
export const seed = Effect.gen(function*() {
  yield* seedUsers(human, agent)
  const channels = yield* ChannelRepo
  yield* channels.create(general).pipe(Effect.orDie)
  yield* channels.create(random).pipe(Effect.orDie)
})
