/**
 * Port for stored users. Usernames are unique case-insensitively; lookups by
 * username ignore case. Infrastructure failures are defects, not errors.
 */
import * as Context from "effect/Context"
import type { Effect, Option } from "effect"
import type { UsernameTaken } from "./Errors.js"
import type { UserId } from "./Ids.js"
import type { Page } from "./Page.js"
import type { User, UserPatch } from "./User.js"

export interface StoredCredentials {
  readonly user: User
  readonly passwordHash: string
}

export class UserRepo extends Context.Tag("@holonet/domain/UserRepo")<UserRepo, {
  readonly insert: (user: User, passwordHash: string | null) => Effect.Effect<void, UsernameTaken>
  readonly findById: (id: UserId) => Effect.Effect<Option.Option<User>>
  readonly findByUsername: (username: string) => Effect.Effect<Option.Option<User>>
  /** The users among `usernames` that exist, in no particular order (one lookup for the lot). */
  readonly findManyByUsername: (usernames: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<User>>
  /** The users among `ids` that exist, deactivated agents included (their posts keep an author), in no particular order. */
  readonly findManyById: (ids: ReadonlyArray<UserId>) => Effect.Effect<ReadonlyArray<User>>
  readonly findCredentials: (username: string) => Effect.Effect<Option.Option<StoredCredentials>>
  readonly update: (id: UserId, patch: UserPatch) => Effect.Effect<Option.Option<User>>
  /** Oldest first, ties by id. */
  readonly list: (page: Page) => Effect.Effect<ReadonlyArray<User>>
}>() {}
