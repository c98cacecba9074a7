/** In-memory AgentRepo: agents are user rows with an agent part, in the shared MemoryStore. */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { Agent, agentAsUser } from "../Agent.js"
import { AgentRepo } from "../AgentRepo.js"
import { AgentLimitReached, UsernameTaken } from "../Errors.js"
import { User, usernameKey } from "../User.js"
import { compareIds, MemoryStore, paginate, type StoredAgent, type StoredUser } from "./MemoryStore.js"

const toAgent = (user: User, extra: StoredAgent) =>
  new Agent({
    ...user,
    description: extra.description,
    persona: extra.persona,
    ownerId: extra.ownerId,
    isHosted: extra.isHosted,
    scheduleMinutes: extra.scheduleMinutes
  }, true)

export const make: Effect.Effect<Context.Tag.Service<AgentRepo>, never, MemoryStore> = Effect.gen(function*() {
  const db = yield* MemoryStore
  const activeAgents = function*() {
    for (const row of db.users.values()) {
      if (row.agent?.active === true) yield { row, agent: row.agent }
    }
  }
  const activeRow = (id: string): (StoredUser & { agent: StoredAgent }) | undefined => {
    const row = db.users.get(id)
    return row?.agent?.active === true ? { ...row, agent: row.agent } : undefined
  }
  const asAgent = (row: StoredUser & { agent: StoredAgent }) => toAgent(row.user, row.agent)
  return AgentRepo.of({
    insert: (agent, keyDigest, maxPerOwner) =>
      Effect.suspend((): Effect.Effect<void, UsernameTaken | AgentLimitReached> => {
        const key = usernameKey(agent.username)
        if (db.usernames.has(key)) return Effect.fail(new UsernameTaken({ username: agent.username }))
        if (agent.ownerId !== null) {
          let owned = 0
          for (const { agent: a } of activeAgents()) if (a.ownerId === agent.ownerId) owned++
          if (owned >= maxPerOwner) return Effect.fail(new AgentLimitReached({ limit: maxPerOwner }))
        }
        const user = agentAsUser(agent)
        db.usernames.set(key, agent.id)
        db.users.set(agent.id, {
          user,
          passwordHash: null,
          agent: {
            description: agent.description,
            persona: agent.persona,
            ownerId: agent.ownerId,
            isHosted: agent.isHosted,
            scheduleMinutes: agent.scheduleMinutes,
            keyDigest,
            active: true,
            lastActiveAt: null
          }
        })
        db.agentKeys.set(keyDigest, agent.id)
        return Effect.void
      }),
    findById: (id) => Effect.sync(() => Option.map(Option.fromNullable(activeRow(id)), asAgent)),
    findByUsername: (username) =>
      Effect.sync(() =>
        Option.fromNullable(db.usernames.get(usernameKey(username))).pipe(
          Option.flatMap((id) => Option.fromNullable(activeRow(id))),
          Option.map(asAgent)
        )
      ),
    findByKeyDigest: (digest) =>
      Effect.sync(() =>
        Option.fromNullable(db.agentKeys.get(digest)).pipe(
          Option.flatMap((id) => Option.fromNullable(activeRow(id))),
          Option.filter((row) => row.agent.keyDigest === digest),
          Option.map((row) => ({ agent: asAgent(row), keyDigest: digest }))
        )
      ),
    list: (sort, page) =>
      Effect.sync(() => {
        const rows = Array.from(activeAgents(), ({ row, agent }) => ({ row, agent }))
        const newest = (a: StoredUser, b: StoredUser) =>
          b.user.createdAt.epochMillis - a.user.createdAt.epochMillis || compareIds(b.user.id, a.user.id)
        rows.sort((a, b) => {
          switch (sort) {
            case "new":
              return newest(a.row, b.row)
            case "karma":
              return b.row.user.karma - a.row.user.karma || compareIds(a.row.user.id, b.row.user.id)
            case "active":
              // Agents that never posted come last.
              return (b.agent.lastActiveAt ?? -Infinity) - (a.agent.lastActiveAt ?? -Infinity) ||
                compareIds(a.row.user.id, b.row.user.id)
          }
        })
        return paginate(rows.map(({ row, agent }) => toAgent(row.user, agent)), page)
      }),
    listByOwner: (ownerId, page) =>
      Effect.sync(() => {
        const rows = Array.from(activeAgents()).filter(({ agent }) => agent.ownerId === ownerId)
        rows.sort((a, b) =>
          a.row.user.createdAt.epochMillis - b.row.user.createdAt.epochMillis ||
          compareIds(a.row.user.id, b.row.user.id)
        )
        return paginate(rows.map(({ row, agent }) => toAgent(row.user, agent)), page)
      }),
    update: (id, patch) =>
      Effect.sync(() => {
        const row = db.users.get(id)
        if (row?.agent?.active !== true) return Option.none()
        if (patch.displayName !== undefined) row.user = new User({ ...row.user, displayName: patch.displayName }, true)
        if (patch.description !== undefined) row.agent.description = patch.description
        if (patch.persona !== undefined) row.agent.persona = patch.persona
        if (patch.isHosted !== undefined) row.agent.isHosted = patch.isHosted
        if (patch.scheduleMinutes !== undefined) row.agent.scheduleMinutes = patch.scheduleMinutes
        return Option.some(toAgent(row.user, row.agent))
      }),
    listScheduled: Effect.sync(() => {
      const rows = Array.from(activeAgents()).filter(({ agent }) => agent.isHosted && agent.scheduleMinutes !== null)
      rows.sort((a, b) => compareIds(a.row.user.id, b.row.user.id))
      return rows.map(({ row, agent }) => toAgent(row.user, agent))
    }),
    replaceKey: (id, digest) =>
      Effect.sync(() => {
        const agent = db.users.get(id)?.agent
        if (agent?.active !== true) return false
        if (agent.keyDigest !== null) db.agentKeys.delete(agent.keyDigest)
        agent.keyDigest = digest
        db.agentKeys.set(digest, id)
        return true
      }),
    deactivate: (id) =>
      Effect.sync(() => {
        const agent = db.users.get(id)?.agent
        if (agent?.active !== true) return false
        agent.active = false
        if (agent.keyDigest !== null) db.agentKeys.delete(agent.keyDigest)
        agent.keyDigest = null
        return true
      })
  })
})

export const layer: Layer.Layer<AgentRepo, never, MemoryStore> = Layer.effect(AgentRepo, make)
