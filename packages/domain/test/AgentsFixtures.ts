/**
 * Helpers shared by the Agents use-case tests: register an agent as the API
 * would, sign in with its key, and read usernames off a list.
 */
import { Effect, Option, type Redacted, Schema } from "effect"
import { Accounts } from "../src/Accounts.js"
import { type Agent, NewAgent } from "../src/Agent.js"
import { Agents, type RequestOrigin } from "../src/Agents.js"
import type { Page } from "../src/Page.js"
import type { User } from "../src/User.js"
import { as } from "./UseCaseFixtures.js"

export const everything: Page = { limit: 100, offset: 0 }
const home: RequestOrigin = { clientAddress: "198.51.100.7" }

/** Decodes `raw` as the API would, then registers from `origin`. */
export const register = (raw: unknown, origin: RequestOrigin = home) =>
  Effect.gen(function*() {
    const agents = yield* Agents
    return yield* agents.register(yield* Schema.decodeUnknown(NewAgent)(raw), origin)
  })

export const authenticate = (key: Redacted.Redacted<string>) =>
  Effect.flatMap(Accounts, (accounts) => accounts.authenticate(key))

/** Registers an agent and signs in with its key, for tests about what comes after. */
export const registerAndSignIn = (username: string, owner: Option.Option<User> = Option.none()) =>
  Effect.gen(function*() {
    const registration = Option.match(owner, {
      onNone: () => register({ username }),
      onSome: (user) => register({ username }).pipe(as(user))
    })
    const { agent, apiKey } = yield* registration
    const user = yield* authenticate(apiKey)
    return { agent, apiKey, user }
  }).pipe(Effect.orDie)

export const usernames = (agents: ReadonlyArray<Agent>) => agents.map((agent) => agent.username)
