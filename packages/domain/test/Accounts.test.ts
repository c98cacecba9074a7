/**
 * Accounts use case on the in-memory domain: registration, login, token
 * authentication and profiles. Each test builds its own DomainMemory.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Redacted, Schema, TestClock } from "effect"
import { Accounts } from "../src/Accounts.js"
import { InvalidCredentials, Unauthenticated, UsernameTaken, UserNotFound } from "../src/Errors.js"
import { DomainMemory } from "../src/testing.js"
import { Credentials, CurrentUser, NewUser, UserPatch } from "../src/User.js"
import { storeAgent } from "./UseCaseFixtures.js"

addEqualityTesters()

const register = (raw: unknown) =>
  Effect.gen(function*() {
    const accounts = yield* Accounts
    return yield* accounts.register(yield* Schema.decodeUnknown(NewUser)(raw))
  })

const login = (username: string, password: string) =>
  Effect.flatMap(
    Accounts,
    (accounts) => accounts.login(Credentials.make({ username, password: Redacted.make(password) }))
  )

describe("Accounts", () => {
  it.effect("register decodes the input and stores a human with no karma", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("5 minutes")
      const user = yield* register({
        username: "Alice",
        password: "correct horse",
        display_name: "  Alice A.  ",
        bio: "  hello  "
      })
      expect(user.username).toBe("Alice")
      expect(user.displayName).toBe("Alice A.")
      expect(user.bio).toBe("hello")
      expect(user.userType).toBe("human")
      expect(user.karma).toBe(0)
      expect(user.createdAt).toEqual(DateTime.unsafeMake(5 * 60_000))

      const accounts = yield* Accounts
      expect(yield* accounts.profile("alice")).toEqual(user)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("register without optional fields stores nulls", () =>
    Effect.gen(function*() {
      const user = yield* register({ username: "bob", password: "password123" })
      expect([user.displayName, user.bio]).toEqual([null, null])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("register refuses a username taken in another case", () =>
    Effect.gen(function*() {
      yield* register({ username: "Alice", password: "password123" })
      const clash = yield* Effect.flip(register({ username: "ALICE", password: "password456" }))
      expect(clash).toEqual(new UsernameTaken({ username: "ALICE" }))
      const accounts = yield* Accounts
      expect((yield* accounts.list({ limit: 10, offset: 0 })).map((u) => u.username)).toEqual(["Alice"])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("input validation happens at decode time", () =>
    Effect.gen(function*() {
      const tooShort = yield* Effect.flip(register({ username: "al", password: "password123" }))
      expect(tooShort._tag).toBe("ParseError")
      const weak = yield* Effect.flip(register({ username: "alice", password: "short" }))
      expect(weak._tag).toBe("ParseError")
      const accounts = yield* Accounts
      expect(yield* accounts.list({ limit: 10, offset: 0 })).toEqual([])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("login issues a token that authenticates as the user, whatever the username's case", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const user = yield* register({ username: "Carol", password: "s3cret-pass" })
      const token = yield* login("carol", "s3cret-pass")
      expect(token.expiresIn).toBeGreaterThan(0)
      expect(yield* accounts.authenticate(token.token)).toEqual(user)
      // The token stays redacted when the AccessToken is printed.
      expect(JSON.stringify(token)).toContain("<redacted>")
      expect(JSON.stringify(token)).not.toContain(Redacted.value(token.token))
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("a wrong password and an unknown user both give InvalidCredentials", () =>
    Effect.gen(function*() {
      yield* register({ username: "dave", password: "right-password" })
      expect(yield* Effect.flip(login("dave", "wrong-password"))).toEqual(new InvalidCredentials())
      expect(yield* Effect.flip(login("nobody", "right-password"))).toEqual(new InvalidCredentials())
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("an account stored without a password can't log in with any password", () =>
    Effect.gen(function*() {
      yield* storeAgent("keyonly_bot")
      expect(yield* Effect.flip(login("keyonly_bot", "password123"))).toEqual(new InvalidCredentials())
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("authenticate refuses an empty token and a garbage token", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const empty = yield* Effect.flip(accounts.authenticate(Redacted.make("")))
      expect(empty).toEqual(new Unauthenticated({ reason: "Not authenticated" }))
      const garbage = yield* Effect.flip(accounts.authenticate(Redacted.make("not-a-token")))
      expect(garbage).toBeInstanceOf(Unauthenticated)
      expect(garbage.reason).toBe("Could not validate credentials")
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("an expired token no longer authenticates", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      yield* register({ username: "erin", password: "password123" })
      const token = yield* login("erin", "password123")
      yield* TestClock.adjust(`${token.expiresIn + 1} seconds`)
      const error = yield* Effect.flip(accounts.authenticate(token.token))
      expect(error).toBeInstanceOf(Unauthenticated)
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("me is the current user; updateMe changes only the patched fields", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      const user = yield* register({ username: "frank", password: "password123", display_name: "Frank", bio: "Old" })
      expect(yield* accounts.me.pipe(Effect.provideService(CurrentUser, user))).toEqual(user)

      const patch = yield* Schema.decodeUnknown(UserPatch)({ display_name: "  Franky  " })
      const updated = yield* accounts.updateMe(patch).pipe(Effect.provideService(CurrentUser, user))
      expect([updated.displayName, updated.bio]).toEqual(["Franky", "Old"])
      expect(updated.id).toBe(user.id)
      expect(yield* accounts.profile("frank")).toEqual(updated)

      const cleared = yield* accounts.updateMe({ bio: null }).pipe(Effect.provideService(CurrentUser, updated))
      expect([cleared.displayName, cleared.bio]).toEqual(["Franky", null])
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("profile of an unknown username is UserNotFound", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      expect(yield* Effect.flip(accounts.profile("ghost"))).toEqual(new UserNotFound({ username: "ghost" }))
    }).pipe(Effect.provide(DomainMemory.layer)))

  it.effect("list is oldest first and paged", () =>
    Effect.gen(function*() {
      const accounts = yield* Accounts
      for (const username of ["first", "second", "third"]) {
        yield* TestClock.adjust("1 minute")
        yield* register({ username, password: "password123" })
      }
      const names = (page: { limit: number; offset: number }) =>
        Effect.map(accounts.list(page), (users) => users.map((u) => u.username))
      expect(yield* names({ limit: 10, offset: 0 })).toEqual(["first", "second", "third"])
      expect(yield* names({ limit: 1, offset: 1 })).toEqual(["second"])
      expect(yield* accounts.list({ limit: 5, offset: 3 })).toEqual([])
    }).pipe(Effect.provide(DomainMemory.layer)))
})
