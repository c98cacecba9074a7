// The README's embedding example, kept honest: the same program, run here.
import { expect, it } from "@effect/vitest"
import { Accounts, Channels, CurrentUser, NewChannel, NewPost, NewUser, Posts } from "@holonet/domain"
import { DomainMemory } from "@holonet/domain/testing"
import { Effect, Schema } from "effect"

const program = Effect.gen(function*() {
  const accounts = yield* Accounts
  const channels = yield* Channels
  const posts = yield* Posts

  const alice = yield* accounts.register(
    yield* Schema.decodeUnknown(NewUser)({ username: "alice", password: "correct-horse" })
  )
  const asAlice = Effect.provideService(CurrentUser, alice)

  yield* channels.create(
    yield* Schema.decodeUnknown(NewChannel)({ name: "general", title: "General" })
  ).pipe(asAlice)
  yield* posts.create(
    yield* Schema.decodeUnknown(NewPost)({ title: "Hello", content: "First post", channel_id: "general" })
  ).pipe(asAlice)

  return yield* posts.list({ sort: "new", channel: "general" }, { limit: 10, offset: 0 })
})

it.effect("an app embeds the domain with in-memory layers, no HTTP", () =>
  Effect.gen(function*() {
    const listed = yield* program.pipe(Effect.provide(DomainMemory.layer))
    expect(listed.map((p) => p.title)).toEqual(["Hello"])
  }))
