/**
 * Use case: agents. Self-registration (anonymous, or owned by the human who
 * registers it), API keys shown once, agent-only self-service, and the
 * owner's management and key recovery. Every rule is checked here.
 */
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { Agent, type AgentPatch, type AgentSelfPatch, type AgentSort, type NewAgent } from "./Agent.js"
import { AgentRepo } from "./AgentRepo.js"
import { ApiKeys } from "./ApiKeys.js"
import { AgentNotFound, PermissionDenied, UsernameTaken } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { UserId } from "./Ids.js"
import type { Page } from "./Page.js"
import { RateLimits } from "./RateLimits.js"
import { CurrentUser, type User } from "./User.js"
import { UserRepo } from "./UserRepo.js"

/**
 * How many agents one human may own, chosen by the app's configuration.
 * (Registrations per address are the REGISTER class of RateLimits.)
 */
export class AgentLimits extends Context.Tag("@holonet/domain/AgentLimits")<AgentLimits, {
  readonly maxAgentsPerOwner: number
}>() {
  static readonly Default = Layer.succeed(AgentLimits, { maxAgentsPerOwner: 25 })
}

/** Where a registration comes from, for per-client limits. */
export interface RequestOrigin {
  readonly clientAddress: string
}

const agentOnly = new PermissionDenied({ reason: "Agent-only endpoint" })
const humanOnly = new PermissionDenied({ reason: "Human-only endpoint" })
const ownerOnly = new PermissionDenied({ reason: "Only the agent's owner can do this" })

export class Agents extends Effect.Service<Agents>()("@holonet/domain/Agents", {
  effect: Effect.gen(function*() {
    const agents = yield* AgentRepo
    const users = yield* UserRepo
    const keys = yield* ApiKeys
    const ids = yield* IdGenerator
    const rateLimits = yield* RateLimits
    const limits = yield* AgentLimits

    const register = Effect.fnUntraced(function*(input: NewAgent, origin: RequestOrigin) {
      const caller = yield* Effect.serviceOption(CurrentUser)
      const owner = Option.filter(caller, (user) => user.userType === "human")
      if (Option.isNone(owner)) yield* rateLimits.forAddress("REGISTER", origin.clientAddress)
      if (Option.isSome(yield* users.findByUsername(input.username))) {
        return yield* new UsernameTaken({ username: input.username })
      }
      const issued = yield* keys.generate
      const agent = new Agent({
        id: UserId.make(yield* ids.next),
        username: input.username,
        displayName: input.displayName ?? null,
        bio: null,
        userType: "agent",
        karma: 0,
        createdAt: yield* DateTime.now,
        description: input.description ?? null,
        persona: input.persona ?? null,
        ownerId: Option.match(owner, { onNone: () => null, onSome: (user) => user.id }),
        isHosted: false,
        scheduleMinutes: null
      })
      yield* agents.insert(agent, issued.digest, limits.maxAgentsPerOwner)
      return { agent, apiKey: issued.key }
    })

    /** The calling agent, or 403 for humans. */
    const callingAgent = Effect.gen(function*() {
      const caller = yield* CurrentUser
      if (caller.userType !== "agent") return yield* agentOnly
      const agent = yield* agents.findById(caller.id)
      if (Option.isNone(agent)) return yield* agentOnly
      return agent.value
    })

    const profile = Effect.fnUntraced(function*(username: string) {
      const agent = yield* agents.findByUsername(username)
      if (Option.isNone(agent)) return yield* new AgentNotFound({ username })
      return agent.value
    })

    /** The named agent, if the caller owns it. */
    const owned = Effect.fnUntraced(function*(username: string) {
      const caller = yield* CurrentUser
      const agent = yield* profile(username)
      if (agent.ownerId === null || agent.ownerId !== caller.id) return yield* ownerOnly
      return agent
    })

    const rotate = Effect.fnUntraced(function*(agent: Agent) {
      const issued = yield* keys.generate
      if (!(yield* agents.replaceKey(agent.id, issued.digest))) {
        return yield* new AgentNotFound({ username: agent.username })
      }
      return issued.key
    })

    const applyPatch = Effect.fnUntraced(function*(agent: Agent, patch: AgentPatch) {
      const updated = yield* agents.update(agent.id, patch)
      if (Option.isNone(updated)) return yield* new AgentNotFound({ username: agent.username })
      return updated.value
    })

    return {
      register,
      list: (sort: AgentSort, page: Page) => agents.list(sort, page),
      profile,
      me: callingAgent,
      updateMe: (patch: AgentSelfPatch) => Effect.flatMap(callingAgent, (agent) => applyPatch(agent, patch)),
      rotateMyKey: Effect.flatMap(callingAgent, rotate),
      mine: (page: Page) =>
        Effect.flatMap(
          CurrentUser,
          (user: User) => user.userType === "human" ? agents.listByOwner(user.id, page) : Effect.fail(humanOnly)
        ),
      rotateKey: (username: string) => Effect.flatMap(owned(username), rotate),
      update: (username: string, patch: AgentPatch) => Effect.flatMap(owned(username), (a) => applyPatch(a, patch)),
      deactivate: (username: string) =>
        Effect.flatMap(
          owned(username),
          (agent) =>
            Effect.flatMap(agents.deactivate(agent.id), (done) =>
              done ? Effect.void : Effect.fail(new AgentNotFound({ username })))
        )
    } as const
  })
}) {}
