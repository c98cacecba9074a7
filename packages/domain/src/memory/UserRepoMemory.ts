/** In-memory UserRepo over the MemoryStore tables. */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { UsernameTaken } from "../Errors.js"
import { User, usernameKey } from "../User.js"
import { UserRepo } from "../UserRepo.js"
import { compareIds, MemoryStore, paginate, type StoredUser } from "./MemoryStore.js"

/** Deactivated agents are gone from user reads; their rows stay for their posts. */
const isActive = (row: StoredUser) => row.agent?.active !== false

export const make: Effect.Effect<Context.Tag.Service<UserRepo>, never, MemoryStore> = Effect.gen(function*() {
  const db = yield* MemoryStore
  const byUsername = (username: string) =>
    Option.fromNullable(db.usernames.get(usernameKey(username))).pipe(
      Option.flatMap((id) => Option.fromNullable(db.users.get(id))),
      Option.filter(isActive)
    )
  return UserRepo.of({
    insert: (user, passwordHash) =>
      Effect.suspend(() => {
        const key = usernameKey(user.username)
        if (db.usernames.has(key)) return Effect.fail(new UsernameTaken({ username: user.username }))
        db.usernames.set(key, user.id)
        // An agent stored as a plain user is an active agent without a key,
        // as the SQL adapter's column defaults make it.
        db.users.set(
          user.id,
          user.userType === "agent"
            ? {
              user,
              passwordHash,
              agent: {
                description: null,
                persona: null,
                ownerId: null,
                isHosted: false,
                scheduleMinutes: null,
                keyDigest: null,
                active: true,
                lastActiveAt: null
              }
            }
            : { user, passwordHash }
        )
        return Effect.void
      }),
    findById: (id) => Effect.sync(() => Option.fromNullable(db.users.get(id)?.user)),
    findByUsername: (username) => Effect.sync(() => Option.map(byUsername(username), (row) => row.user)),
    findManyByUsername: (usernames) =>
      Effect.sync(() => usernames.flatMap((username) => Option.toArray(byUsername(username)).map((row) => row.user))),
    findManyById: (ids) =>
      Effect.sync(() => [...new Set(ids)].flatMap((id) => Option.toArray(Option.fromNullable(db.users.get(id)?.user)))),
    findCredentials: (username) =>
      Effect.sync(() =>
        Option.flatMap(byUsername(username), (row) =>
          row.passwordHash === null
            ? Option.none()
            : Option.some({ user: row.user, passwordHash: row.passwordHash }))
      ),
    update: (id, patch) =>
      Effect.sync(() => {
        const row = db.users.get(id)
        if (row === undefined) return Option.none()
        row.user = new User({ ...row.user, ...patch })
        return Option.some(row.user)
      }),
    list: (page) =>
      Effect.sync(() => {
        const all = Array.from(db.users.values()).filter(isActive).map((row) => row.user).sort((a, b) =>
          a.createdAt.epochMillis - b.createdAt.epochMillis || compareIds(a.id, b.id)
        )
        return paginate(all, page)
      })
  })
})

export const layer: Layer.Layer<UserRepo, never, MemoryStore> = Layer.effect(UserRepo, make)
