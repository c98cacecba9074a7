/**
 * The behaviour every UserRepo adapter must have, written once and run against
 * each adapter (memory, SQLite, ...). Each test gets a fresh, empty store.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { UserId, Username, UsernameTaken, UserRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { at, fresh, ids, makeUser, type RepositoriesLayer, seedUsers } from "./Fixtures.js"

export const userRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  // Domain classes and DateTime compare with Effect's Equal, not by object identity.
  addEqualityTesters()
  const run = fresh(layer)

  describe(`UserRepo contract: ${name}`, () => {
    it.effect("insert then find round-trips every field", () =>
      run(Effect.gen(function*() {
        const repo = yield* UserRepo
        const user = makeUser("alice", {
          displayName: "Alice A.",
          bio: "Writes about agents",
          userType: "agent",
          karma: 42,
          createdAt: at(90)
        })
        yield* repo.insert(user, "stored-hash")

        // Yielding an Option fails the test with NoSuchElementException when it is None.
        const found = yield* Effect.flatten(repo.findById(user.id))
        expect(found).toEqual(user)
        expect(found.displayName).toBe("Alice A.")
        expect(found.bio).toBe("Writes about agents")
        expect(found.userType).toBe("agent")
        expect(found.karma).toBe(42)
        expect(found.createdAt.epochMillis).toBe(user.createdAt.epochMillis)

        expect(yield* repo.findByUsername(user.username)).toEqual(Option.some(user))
        expect(yield* repo.findCredentials(user.username)).toEqual(
          Option.some({ user, passwordHash: "stored-hash" })
        )
        expect(yield* repo.findById(UserId.make("user-nobody"))).toEqual(Option.none())
        expect(yield* repo.findByUsername("nobody")).toEqual(Option.none())
      })))

    it.effect("findManyById finds the existing users among the ids, once each, in one call", () =>
      run(Effect.gen(function*() {
        const repo = yield* UserRepo
        const alice = makeUser("alice")
        const bob = makeUser("bob", { userType: "agent" })
        yield* seedUsers(alice, bob, makeUser("carol"))

        const found = yield* repo.findManyById([bob.id, UserId.make("user-nobody"), alice.id, bob.id])
        expect([...ids(found)].sort()).toEqual([alice.id, bob.id].sort())
        expect(found.find((user) => user.id === bob.id)).toEqual(bob)
        expect(yield* repo.findManyById([])).toEqual([])
      })))

    it.effect("a user stored without a password has no credentials", () =>
      run(Effect.gen(function*() {
        const repo = yield* UserRepo
        const agent = makeUser("bot", { userType: "agent" })
        yield* repo.insert(agent, null)
        expect(yield* repo.findCredentials(agent.username)).toEqual(Option.none())
        expect(yield* repo.findByUsername(agent.username)).toEqual(Option.some(agent))
      })))

    it.effect("username lookups ignore case", () =>
      run(Effect.gen(function*() {
        const repo = yield* UserRepo
        const user = makeUser("mixed", { username: Username.make("MiXed_Case") })
        yield* repo.insert(user, "h")
        expect(yield* repo.findByUsername("mixed_case")).toEqual(Option.some(user))
        expect(yield* repo.findByUsername("MIXED_CASE")).toEqual(Option.some(user))
        const credentials = yield* repo.findCredentials("mixed_CASE")
        expect(Option.map(credentials, (c) => c.user.id)).toEqual(Option.some(user.id))
        // The stored spelling is kept as registered.
        expect(Option.map(yield* repo.findByUsername("mixed_case"), (u) => u.username)).toEqual(
          Option.some("MiXed_Case")
        )
      })))

    it.effect("a case variant of a taken username fails with UsernameTaken and stores nothing", () =>
      run(Effect.gen(function*() {
        const repo = yield* UserRepo
        const first = makeUser("first", { username: Username.make("Alice") })
        const clash = makeUser("second", { username: Username.make("aLICE") })
        yield* repo.insert(first, "h1")

        expect(yield* Effect.flip(repo.insert(clash, "h2"))).toEqual(new UsernameTaken({ username: "aLICE" }))
        expect(yield* repo.findById(clash.id)).toEqual(Option.none())
        expect(yield* repo.findCredentials("alice")).toEqual(Option.some({ user: first, passwordHash: "h1" }))
        expect(ids(yield* repo.list({ limit: 10, offset: 0 }))).toEqual([first.id])
      })))

    it.effect("update applies only the patched fields and persists them", () =>
      run(Effect.gen(function*() {
        const repo = yield* UserRepo
        const user = makeUser("patchme", { displayName: "Old name", bio: "Old bio", karma: 7 })
        yield* seedUsers(user)

        const renamed = yield* repo.update(user.id, { displayName: "New name" })
        expect(renamed).toEqual(Option.some(makeUser("patchme", { displayName: "New name", bio: "Old bio", karma: 7 })))

        const cleared = yield* repo.update(user.id, { bio: null })
        expect(Option.map(cleared, (u) => [u.displayName, u.bio])).toEqual(Option.some(["New name", null]))

        const unchanged = yield* repo.update(user.id, {})
        expect(unchanged).toEqual(cleared)
        expect(yield* repo.findById(user.id)).toEqual(cleared)
        // The password is not part of a profile patch.
        expect(Option.map(yield* repo.findCredentials(user.username), (c) => c.passwordHash)).toEqual(
          Option.some(`hash-of-${user.username}`)
        )
      })))

    it.effect("update of an unknown user is None", () =>
      run(Effect.gen(function*() {
        const repo = yield* UserRepo
        expect(yield* repo.update(UserId.make("user-ghost"), { displayName: "x" })).toEqual(Option.none())
        expect(yield* repo.list({ limit: 10, offset: 0 })).toEqual([])
      })))

    it.effect("list is oldest first, ties broken by id, and pages with limit/offset", () =>
      run(Effect.gen(function*() {
        const repo = yield* UserRepo
        // Inserted out of order; b and c share a timestamp, so id decides.
        const d = makeUser("d", { createdAt: at(3) })
        const c = makeUser("c", { createdAt: at(2) })
        const a = makeUser("a", { createdAt: at(1) })
        const b = makeUser("b", { createdAt: at(2) })
        yield* seedUsers(d, c, a, b)

        expect(ids(yield* repo.list({ limit: 10, offset: 0 }))).toEqual([a.id, b.id, c.id, d.id])
        expect(ids(yield* repo.list({ limit: 2, offset: 0 }))).toEqual([a.id, b.id])
        expect(ids(yield* repo.list({ limit: 2, offset: 1 }))).toEqual([b.id, c.id])
        expect(ids(yield* repo.list({ limit: 2, offset: 3 }))).toEqual([d.id])
        expect(yield* repo.list({ limit: 5, offset: 4 })).toEqual([])
        expect((yield* repo.list({ limit: 1, offset: 0 }))[0]).toEqual(a)
      })))

    it.effect("ties compare ids by code unit, never by locale", () =>
      run(Effect.gen(function*() {
        const repo = yield* UserRepo
        // A locale-aware comparison puts "user-a" before "user-B"; binary order does not.
        const lower = makeUser("a", { createdAt: at(1) })
        const upper = makeUser("B", { createdAt: at(1) })
        yield* seedUsers(lower, upper)
        expect(ids(yield* repo.list({ limit: 10, offset: 0 }))).toEqual([upper.id, lower.id])
      })))
  })
}
