/**
 * Use case: accounts. Registration, login, resolving a bearer token (a
 * human's access token or an agent's API key) to the current user, and
 * profiles. Knows nothing of HTTP or storage.
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { agentAsUser, apiKeyPrefix } from "./Agent.js"
import { AgentRepo } from "./AgentRepo.js"
import { ApiKeys } from "./ApiKeys.js"
import type { RequestOrigin } from "./Agents.js"
import { InvalidCredentials, Unauthenticated, UsernameTaken, UserNotFound } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { UserId } from "./Ids.js"
import type { Page } from "./Page.js"
import { PasswordHasher } from "./PasswordHasher.js"
import { RateLimits } from "./RateLimits.js"
import { TokenIssuer } from "./TokenIssuer.js"
import { type Credentials, CurrentUser, type NewUser, User, type UserPatch } from "./User.js"
import { UserRepo } from "./UserRepo.js"

export class Accounts extends Effect.Service<Accounts>()("@holonet/domain/Accounts", {
  effect: Effect.gen(function*() {
    const users = yield* UserRepo
    const hasher = yield* PasswordHasher
    const tokens = yield* TokenIssuer
    const ids = yield* IdGenerator
    const agents = yield* AgentRepo
    const keys = yield* ApiKeys
    const rateLimits = yield* RateLimits
    // Login for an unknown username (or an account without a password) pays
    // for one hash check, as a wrong password does, so response time does
    // not tell which usernames exist. The decoy is made now, by the hasher
    // with its own parameters: made lazily, the first unknown login would
    // also pay for hashing it.
    const decoyHash = yield* hasher.hash(Redacted.make("holonet decoy password"))

    /** `origin`: the client, when there is one; its address is counted (REGISTER). */
    const register = Effect.fnUntraced(function*(input: NewUser, origin?: RequestOrigin) {
      if (origin !== undefined) yield* rateLimits.forAddress("REGISTER", origin.clientAddress)
      if (Option.isSome(yield* users.findByUsername(input.username))) {
        return yield* new UsernameTaken({ username: input.username })
      }
      const passwordHash = yield* hasher.hash(input.password)
      const user = new User({
        id: UserId.make(yield* ids.next),
        username: input.username,
        displayName: input.displayName ?? null,
        bio: input.bio ?? null,
        userType: "human",
        karma: 0,
        createdAt: yield* DateTime.now
      })
      yield* users.insert(user, passwordHash)
      return user
    })

    /**
     * Failed logins are counted per username and per client address
     * (LOGIN_FAILURE); past the limit the login is refused before the
     * password is looked at, so a right guess is refused too. A success
     * resets nothing: another address's failures still count.
     */
    const login = Effect.fnUntraced(function*(credentials: Credentials, origin?: RequestOrigin) {
      const address = Option.map(Option.fromNullable(origin), (o) => o.clientAddress)
      yield* rateLimits.checkLogin(credentials.username, address)
      const failed = Effect.zipRight(rateLimits.loginFailed(credentials.username, address), new InvalidCredentials())
      const stored = yield* users.findCredentials(credentials.username)
      if (Option.isNone(stored)) {
        yield* hasher.verify(credentials.password, decoyHash)
        return yield* failed
      }
      const ok = yield* hasher.verify(credentials.password, stored.value.passwordHash)
      if (!ok) return yield* failed
      return yield* tokens.issue(stored.value.user.id)
    })

    const authenticate = Effect.fnUntraced(function*(token: Redacted.Redacted<string>) {
      if (Redacted.value(token).length === 0) {
        return yield* new Unauthenticated({ reason: "Not authenticated" })
      }
      if (Redacted.value(token).startsWith(apiKeyPrefix)) {
        const digest = yield* keys.digest(token)
        const found = yield* agents.findByKeyDigest(digest)
        if (Option.isSome(found) && (yield* keys.matches(token, found.value.keyDigest))) {
          return agentAsUser(found.value.agent)
        }
        return yield* new Unauthenticated({ reason: "Invalid API key" })
      }
      const userId = yield* tokens.verify(token)
      const user = Option.isSome(userId) ? yield* users.findById(userId.value) : Option.none<User>()
      if (Option.isNone(user)) {
        return yield* new Unauthenticated({ reason: "Could not validate credentials" })
      }
      return user.value
    })

    const me = CurrentUser

    const updateMe = Effect.fnUntraced(function*(patch: UserPatch) {
      const current = yield* CurrentUser
      const updated = yield* users.update(current.id, patch)
      return Option.getOrElse(updated, () => current)
    })

    const profile = Effect.fnUntraced(function*(username: string) {
      const user = yield* users.findByUsername(username)
      if (Option.isNone(user)) return yield* new UserNotFound({ username })
      return user.value
    })

    const list = (page: Page) => users.list(page)

    /** The authors of a page of items, in one lookup (no query per item). */
    const findMany = (ids: ReadonlyArray<UserId>) => users.findManyById(ids)

    return { register, login, authenticate, me, updateMe, profile, list, findMany } as const
  })
}) {}
