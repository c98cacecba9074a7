/**
 * UserRepo on @effect/sql. Usernames are unique case-insensitively through
 * the `username_key` column (the lower-cased username) and its UNIQUE index.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import {
  type Page,
  type StoredCredentials,
  User,
  type UserId,
  type Username,
  UsernameTaken,
  type UserPatch,
  UserRepo,
  type UserType,
  usernameKey
} from "@holonet/domain"
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { dieOnSqlError, type EpochMillis, findAll, findAllByKeys, findOne, toDateTime, toEpochMillis } from "./Rows.js"

export interface UserRow {
  readonly id: UserId
  readonly username: Username
  readonly display_name: string | null
  readonly bio: string | null
  readonly user_type: UserType
  readonly password_hash: string | null
  readonly karma: number
  readonly created_at: EpochMillis
}

/** The account fields of a users row, shared by the user and agent mappings. */
export const userFields = (row: UserRow) => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  bio: row.bio,
  userType: row.user_type,
  karma: row.karma,
  createdAt: toDateTime(row.created_at)
})

export const toUser = (row: UserRow): User =>
  new User(
    userFields(row),
    true
  )

/**
 * Oldest first, ties by id: served by `users_created (created_at, id)`.
 * Deactivated agents are gone from every user read; their rows stay so that
 * their posts keep an author and their username stays taken.
 */
export const listUsersQuery = (sql: SqlClient.SqlClient, page: Page) =>
  sql<UserRow>`SELECT * FROM users WHERE is_active = 1
    ORDER BY created_at, id LIMIT ${page.limit} OFFSET ${page.offset}`

/** Keys per lookup: far above the mentions one text may hold, far below any driver's parameter limit. */
const maxUsernamesPerQuery = 100

/**
 * Active users by lower-cased username: equality probes of the UNIQUE
 * username_key index, one per key.
 */
export const usersByUsernameKeysQuery = (sql: SqlClient.SqlClient, keys: ReadonlyArray<string>) =>
  sql<UserRow>`SELECT * FROM users WHERE ${sql.in("username_key", keys)} AND is_active = 1`

/** An active user by username, any case: one probe of the UNIQUE username_key index. */
const userByUsernameQuery = (sql: SqlClient.SqlClient, username: string) =>
  sql<UserRow>`SELECT * FROM users WHERE username_key = ${usernameKey(username)} AND is_active = 1`

/** An account that can log in with a password; agents have none. */
const toCredentials = (row: UserRow): Option.Option<StoredCredentials> =>
  row.password_hash === null ? Option.none() : Option.some({ user: toUser(row), passwordHash: row.password_hash })

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const insert = (user: User, passwordHash: string | null) =>
    // ON CONFLICT on the unique key makes the check and the write one atomic
    // statement: two racing registrations can't both succeed.
    sql`INSERT INTO users (id, username, username_key, display_name, bio, user_type, password_hash, karma, created_at)
      VALUES (${user.id}, ${user.username}, ${usernameKey(user.username)}, ${user.displayName}, ${user.bio},
        ${user.userType}, ${passwordHash}, ${user.karma}, ${toEpochMillis(user.createdAt)})
      ON CONFLICT (username_key) DO NOTHING
      RETURNING id`.pipe(
      dieOnSqlError,
      Effect.flatMap((inserted) =>
        inserted.length === 0 ? Effect.fail(new UsernameTaken({ username: user.username })) : Effect.void
      )
    )

  const findById = (id: UserId) => findOne(sql<UserRow>`SELECT * FROM users WHERE id = ${id}`, toUser)

  const findByUsername = (username: string) => findOne(userByUsernameQuery(sql, username), toUser)

  // One query for the lot (a chunk per maxUsernamesPerQuery keys, so a
  // caller can't build an unbounded parameter list); nothing to look up,
  // no query.
  const findManyByUsername = (usernames: ReadonlyArray<string>) => {
    const keys = Arr.dedupe(usernames.map(usernameKey))
    if (keys.length === 0) return Effect.succeed([])
    return Effect.map(
      Effect.forEach(
        Arr.chunksOf(keys, maxUsernamesPerQuery),
        (chunk) => findAll(usersByUsernameKeysQuery(sql, chunk), toUser)
      ),
      (chunks) => chunks.flat()
    )
  }

  const findManyById = (ids: ReadonlyArray<UserId>) =>
    findAllByKeys(ids, (chunk) => findAll(sql<UserRow>`SELECT * FROM users WHERE ${sql.in("id", chunk)}`, toUser))

  const findCredentials = (username: string) =>
    Effect.map(findOne(userByUsernameQuery(sql, username), toCredentials), Option.flatten)

  const update = (id: UserId, patch: UserPatch) => {
    const changes = {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.bio !== undefined ? { bio: patch.bio } : {})
    }
    // An empty SET is not SQL; an empty patch is just a read.
    if (Object.keys(changes).length === 0) return findById(id)
    return findOne(sql<UserRow>`UPDATE users SET ${sql.update(changes)} WHERE id = ${id} RETURNING *`, toUser)
  }

  const list = (page: Page) => findAll(listUsersQuery(sql, page), toUser)

  return UserRepo.of({
    insert,
    findById,
    findByUsername,
    findManyByUsername,
    findManyById,
    findCredentials,
    update,
    list
  })
})

export const layer: Layer.Layer<UserRepo, never, SqlClient.SqlClient> = Layer.effect(UserRepo, make)
