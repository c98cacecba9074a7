/**
 * AgentRepo on @effect/sql. Agents are rows of the users table with
 * `user_type = 'agent'`, so they share the `username_key` namespace with
 * humans. Only a digest of the API key is stored (`api_key_digest`, unique).
 * A deactivated agent keeps its row (its posts stay attributable) but has
 * `is_active = 0` and no digest, so it is invisible here and its key is dead.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import {
  Agent,
  type AgentCredentials,
  AgentLimitReached,
  type AgentPatch,
  AgentRepo,
  type AgentSort,
  type Page,
  type UserId,
  usernameKey,
  UsernameTaken
} from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { dieOnSqlError, findAll, findOne, hasRows, toEpochMillis } from "./Rows.js"
import { type UserRow, userFields } from "./UserRepoSql.js"

interface AgentRow extends UserRow {
  readonly description: string | null
  readonly persona: string | null
  readonly owner_id: UserId | null
  /** 0 or 1 (a bigint in safe-integer mode, a string from some drivers). */
  readonly is_hosted: number | bigint | string
  readonly api_key_digest: string | null
  readonly schedule_minutes: number | bigint | string | null
}

const toAgent = (row: AgentRow): Agent =>
  new Agent(
    {
      ...userFields(row),
      description: row.description,
      persona: row.persona,
      ownerId: row.owner_id,
      isHosted: Number(row.is_hosted) === 1,
      scheduleMinutes: row.schedule_minutes === null ? null : Number(row.schedule_minutes)
    },
    true
  )

/**
 * The agent directory. `user_type = 'agent' AND is_active = 1` is written out
 * literally so that SQLite picks the partial index of each sort:
 * `new`: agents_new (created_at DESC, id DESC);
 * `karma`: agents_karma (karma DESC, id);
 * `active`: agents_active (last_active_at DESC, id), agents that never posted
 * last (SQLite's DESC order already puts NULLs last; NULLS LAST says so for
 * other dialects).
 */
export const listAgentsQuery = (sql: SqlClient.SqlClient, sort: AgentSort, page: Page) => {
  switch (sort) {
    case "new":
      return sql<AgentRow>`SELECT * FROM users WHERE user_type = 'agent' AND is_active = 1
        ORDER BY created_at DESC, id DESC LIMIT ${page.limit} OFFSET ${page.offset}`
    case "karma":
      return sql<AgentRow>`SELECT * FROM users WHERE user_type = 'agent' AND is_active = 1
        ORDER BY karma DESC, id LIMIT ${page.limit} OFFSET ${page.offset}`
    case "active":
      return sql<AgentRow>`SELECT * FROM users WHERE user_type = 'agent' AND is_active = 1
        ORDER BY last_active_at DESC NULLS LAST, id LIMIT ${page.limit} OFFSET ${page.offset}`
  }
}

/** An owner's active agents, oldest first: served by agents_owner (owner_id, created_at, id). */
export const listAgentsByOwnerQuery = (sql: SqlClient.SqlClient, ownerId: UserId, page: Page) =>
  sql<AgentRow>`SELECT * FROM users WHERE owner_id = ${ownerId} AND user_type = 'agent' AND is_active = 1
    ORDER BY created_at, id LIMIT ${page.limit} OFFSET ${page.offset}`

/** Key lookup on every authenticated request: served by the unique index users_api_key_digest. */
export const agentByKeyDigestQuery = (sql: SqlClient.SqlClient, digest: string) =>
  sql<AgentRow>`SELECT * FROM users WHERE api_key_digest = ${digest} AND user_type = 'agent' AND is_active = 1`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const insertRow = (agent: Agent, keyDigest: string) =>
    // ON CONFLICT on the unique key makes the username check and the write
    // one atomic statement, against humans and agents alike.
    sql`INSERT INTO users (id, username, username_key, display_name, bio, user_type, password_hash, karma,
        created_at, description, persona, owner_id, is_hosted, schedule_minutes, api_key_digest, is_active,
        last_active_at)
      VALUES (${agent.id}, ${agent.username}, ${usernameKey(agent.username)}, ${agent.displayName}, ${agent.bio},
        'agent', NULL, ${agent.karma}, ${toEpochMillis(agent.createdAt)}, ${agent.description}, ${agent.persona},
        ${agent.ownerId}, ${agent.isHosted ? 1 : 0}, ${agent.scheduleMinutes}, ${keyDigest}, 1, NULL)
      ON CONFLICT (username_key) DO NOTHING
      RETURNING id`.pipe(
      Effect.flatMap((inserted) =>
        inserted.length === 0 ? Effect.fail(new UsernameTaken({ username: agent.username })) : Effect.void
      )
    )

  const insert = (agent: Agent, keyDigest: string, maxPerOwner: number) => {
    const ownerId = agent.ownerId
    if (ownerId === null) return insertRow(agent, keyDigest).pipe(dieOnSqlError)
    return Effect.gen(function*() {
      // A no-op write on the owner's row comes first: it takes the write
      // lock (SQLite) or the owner's row lock (PostgreSQL) until commit, so
      // registrations for one owner are counted one after the other.
      yield* sql`UPDATE users SET owner_id = owner_id WHERE id = ${ownerId}`
      yield* insertRow(agent, keyDigest)
      // Counted after the insert, in the same transaction: more than the cap
      // now means the owner already had `maxPerOwner`, and failing here
      // rolls the new row back.
      const counted = yield* sql<{ readonly owned: number | bigint | string }>`SELECT COUNT(*) AS owned
        FROM users WHERE owner_id = ${ownerId} AND user_type = 'agent' AND is_active = 1`
      if (Number(counted[0]?.owned ?? 0) > maxPerOwner) {
        return yield* new AgentLimitReached({ limit: maxPerOwner })
      }
    }).pipe(sql.withTransaction, dieOnSqlError)
  }

  const findById = (id: UserId) =>
    findOne(sql<AgentRow>`SELECT * FROM users WHERE id = ${id} AND user_type = 'agent' AND is_active = 1`, toAgent)

  const findByUsername = (username: string) =>
    findOne(
      sql<AgentRow>`SELECT * FROM users
        WHERE username_key = ${usernameKey(username)} AND user_type = 'agent' AND is_active = 1`,
      toAgent
    )

  // The row matched `api_key_digest = digest`, so its digest is `digest`.
  const findByKeyDigest = (digest: string) =>
    findOne(
      agentByKeyDigestQuery(sql, digest),
      (row): AgentCredentials => ({ agent: toAgent(row), keyDigest: digest })
    )

  const list = (sort: AgentSort, page: Page) => findAll(listAgentsQuery(sql, sort, page), toAgent)

  const listByOwner = (ownerId: UserId, page: Page) => findAll(listAgentsByOwnerQuery(sql, ownerId, page), toAgent)

  const update = (id: UserId, patch: AgentPatch) => {
    const changes = {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.persona !== undefined ? { persona: patch.persona } : {}),
      ...(patch.isHosted !== undefined ? { is_hosted: patch.isHosted ? 1 : 0 } : {}),
      ...(patch.scheduleMinutes !== undefined ? { schedule_minutes: patch.scheduleMinutes } : {})
    }
    // An empty SET is not SQL; an empty patch is just a read.
    if (Object.keys(changes).length === 0) return findById(id)
    return findOne(
      sql<AgentRow>`UPDATE users SET ${sql.update(changes)}
        WHERE id = ${id} AND user_type = 'agent' AND is_active = 1
        RETURNING *`,
      toAgent
    )
  }

  // Served by the partial index agents_scheduled (id).
  const listScheduled = findAll(
    sql<AgentRow>`SELECT * FROM users
      WHERE user_type = 'agent' AND is_active = 1 AND is_hosted = 1 AND schedule_minutes IS NOT NULL
      ORDER BY id`,
    toAgent
  )

  const replaceKey = (id: UserId, digest: string) =>
    hasRows(sql`UPDATE users SET api_key_digest = ${digest}
      WHERE id = ${id} AND user_type = 'agent' AND is_active = 1
      RETURNING id`)

  // The digest is cleared with the flag: a dead key can't match anything.
  const deactivate = (id: UserId) =>
    hasRows(sql`UPDATE users SET is_active = 0, api_key_digest = NULL
      WHERE id = ${id} AND user_type = 'agent' AND is_active = 1
      RETURNING id`)

  return AgentRepo.of({
    insert,
    findById,
    findByUsername,
    findByKeyDigest,
    list,
    listByOwner,
    update,
    listScheduled,
    replaceKey,
    deactivate
  })
})

export const layer: Layer.Layer<AgentRepo, never, SqlClient.SqlClient> = Layer.effect(AgentRepo, make)
