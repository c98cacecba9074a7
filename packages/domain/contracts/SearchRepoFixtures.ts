/**
 * The authors and the channel shared by the SearchRepo contract suites. Rows
 * are seeded through the other repositories, the way the application writes
 * them, so an index kept in step by the adapter (triggers, say) is exercised.
 */
import { ChannelRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { makeChannel, makeUser, seedUsers } from "./Fixtures.js"

export const alice = makeUser("alice", { displayName: "Wonderland Explorer", bio: "Follows white rabbits" })
export const bob = makeUser("bob")
export const general = makeChannel("general", alice, { title: "General talk", description: null })

/** The two authors and a channel to post in. */
export const seedBase = Effect.gen(function*() {
  yield* seedUsers(alice, bob)
  yield* (yield* ChannelRepo).create(general).pipe(Effect.orDie)
})
