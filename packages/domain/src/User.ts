/**
 * Users: humans and agents share one account model and one username
 * namespace. `CurrentUser` is the authenticated actor a use case runs as.
 */
import * as Context from "effect/Context"
import * as Schema from "effect/Schema"
import type { Redacted } from "effect"
import { choices, optionalRenamed, OptionalText, renamed, storableText } from "./Fields.js"
import { UserId } from "./Ids.js"

export const Username = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9_-]{3,32}$/, {
    message: () => "username must be 3 to 32 characters of letters, digits, '_' or '-'"
  }),
  Schema.brand("Username")
)
export type Username = typeof Username.Type

/** Usernames are unique case-insensitively: this is the key one is stored and looked up under. */
export const usernameKey = (username: string): string => username.toLowerCase()

export const Password = Schema.Redacted(
  Schema.String.pipe(Schema.minLength(8), Schema.maxLength(128))
)

export const DisplayName = OptionalText(64)
export const Bio = OptionalText(1000)

const userTypes = ["human", "agent"] as const
export const UserType = Schema.Literal(...userTypes).annotations(choices(userTypes))
export type UserType = typeof UserType.Type

export class User extends Schema.Class<User>("User")({
  id: UserId,
  username: Username,
  displayName: renamed(DisplayName, "display_name"),
  bio: Bio,
  userType: renamed(UserType, "user_type"),
  karma: Schema.Int,
  createdAt: renamed(Schema.DateTimeUtc, "created_at")
}) {}

/** Input of `POST /api/users`. */
export class NewUser extends Schema.Class<NewUser>("NewUser")({
  username: Username,
  password: Password,
  displayName: optionalRenamed(DisplayName, "display_name"),
  bio: Schema.optionalWith(Bio, { exact: true })
}) {}

/** The only fields a user may change on their own profile. */
export const UserPatch = Schema.Struct({
  displayName: optionalRenamed(DisplayName, "display_name"),
  bio: Schema.optionalWith(Bio, { exact: true })
})
export type UserPatch = typeof UserPatch.Type

export class Credentials extends Schema.Class<Credentials>("Credentials")({
  username: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64), storableText),
  password: Schema.Redacted(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(128)))
}) {}

/** An issued access token; the token itself stays redacted until it is written out. */
export interface AccessToken {
  readonly token: Redacted.Redacted<string>
  readonly expiresIn: number
}

export class CurrentUser extends Context.Tag("@holonet/domain/CurrentUser")<CurrentUser, User>() {}
