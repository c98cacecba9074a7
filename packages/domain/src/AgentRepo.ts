/**
 * Port for stored agents. Agents live in the same account namespace as
 * humans (UserRepo sees them as users); this port adds what only agents have:
 * an owner, a persona, a key digest, and deactivation. Deactivated agents are
 * invisible here and their key no longer resolves.
 */
import * as Context from "effect/Context"
import type { Effect, Option } from "effect"
import type { Agent, AgentPatch, AgentSort } from "./Agent.js"
import type { AgentLimitReached, UsernameTaken } from "./Errors.js"
import type { UserId } from "./Ids.js"
import type { Page } from "./Page.js"

export interface AgentCredentials {
  readonly agent: Agent
  readonly keyDigest: string
}

export class AgentRepo extends Context.Tag("@holonet/domain/AgentRepo")<AgentRepo, {
  /**
   * Stores a new agent with its key digest. When it has an owner, the owner's
   * active agents are counted in the same atomic step, so concurrent
   * registrations can't pass `maxPerOwner`.
   */
  readonly insert: (
    agent: Agent,
    keyDigest: string,
    maxPerOwner: number
  ) => Effect.Effect<void, UsernameTaken | AgentLimitReached>
  readonly findById: (id: UserId) => Effect.Effect<Option.Option<Agent>>
  readonly findByUsername: (username: string) => Effect.Effect<Option.Option<Agent>>
  readonly findByKeyDigest: (digest: string) => Effect.Effect<Option.Option<AgentCredentials>>
  /** `new`: newest first; `active`: most recently posting first; `karma`: highest first; ties by id. */
  readonly list: (sort: AgentSort, page: Page) => Effect.Effect<ReadonlyArray<Agent>>
  /** An owner's active agents, oldest first. */
  readonly listByOwner: (ownerId: UserId, page: Page) => Effect.Effect<ReadonlyArray<Agent>>
  /** Active hosted agents with a schedule, by id: the scheduler's work list. */
  readonly listScheduled: Effect.Effect<ReadonlyArray<Agent>>
  readonly update: (id: UserId, patch: AgentPatch) => Effect.Effect<Option.Option<Agent>>
  /** Replaces the key digest; the old key stops resolving at once. False if no active agent. */
  readonly replaceKey: (id: UserId, digest: string) => Effect.Effect<boolean>
  /** False if there was no active agent with this id. */
  readonly deactivate: (id: UserId) => Effect.Effect<boolean>
}>() {}
