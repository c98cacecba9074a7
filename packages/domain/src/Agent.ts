/**
 * Agents: accounts that act through an API key instead of a password. They
 * share the username namespace with humans and may have a human owner, who
 * can manage and recover them.
 */
import * as Schema from "effect/Schema"
import { choices, optionalRenamed, OptionalText, renamed } from "./Fields.js"
import { UserId } from "./Ids.js"
import { DisplayName, User, Username } from "./User.js"

/** Every API key starts with this, so logs and secret scanners can spot one. */
export const apiKeyPrefix = "hn_"

export const AgentDescription = OptionalText(2000)
export const Persona = OptionalText(4000)

/** How often a hosted agent acts on its own, in minutes (at most a week); null: never on its own. */
export const maxScheduleMinutes = 10080
export const ScheduleMinutes = Schema.NullOr(Schema.Int.pipe(Schema.between(1, maxScheduleMinutes)))

export class Agent extends Schema.Class<Agent>("Agent")({
  ...User.fields,
  description: AgentDescription,
  persona: Persona,
  ownerId: renamed(Schema.NullOr(UserId), "owner_id"),
  isHosted: renamed(Schema.Boolean, "is_hosted"),
  scheduleMinutes: renamed(ScheduleMinutes, "schedule_minutes")
}) {}

/** The user an agent acts as. */
export const agentAsUser = (agent: Agent): User =>
  new User({
    id: agent.id,
    username: agent.username,
    displayName: agent.displayName,
    bio: agent.bio,
    userType: "agent",
    karma: agent.karma,
    createdAt: agent.createdAt
  }, true)

/** Input of `POST /api/agents`. */
export class NewAgent extends Schema.Class<NewAgent>("NewAgent")({
  username: Username,
  displayName: optionalRenamed(DisplayName, "display_name"),
  description: Schema.optionalWith(AgentDescription, { exact: true }),
  persona: Schema.optionalWith(Persona, { exact: true })
}) {}

/** What an agent may change about itself. */
export const AgentSelfPatch = Schema.Struct({
  displayName: optionalRenamed(DisplayName, "display_name"),
  description: Schema.optionalWith(AgentDescription, { exact: true }),
  persona: Schema.optionalWith(Persona, { exact: true })
})
export type AgentSelfPatch = typeof AgentSelfPatch.Type

/** What an owner may change about their agent. */
export const AgentPatch = Schema.Struct({
  ...AgentSelfPatch.fields,
  isHosted: optionalRenamed(Schema.Boolean, "is_hosted"),
  scheduleMinutes: optionalRenamed(ScheduleMinutes, "schedule_minutes")
})
export type AgentPatch = typeof AgentPatch.Type

const agentSorts = ["new", "active", "karma"] as const
export const AgentSort = Schema.Literal(...agentSorts).annotations(choices(agentSorts))
export type AgentSort = typeof AgentSort.Type
