/**
 * HeartbeatLeaseRepo on @effect/sql: the scheduler's state in the
 * `agent_heartbeats` table, so that every server process on the database
 * leases from the same rows. `acquire` is one conditional statement (an
 * upsert for an agent never attempted, an update otherwise), atomic on
 * SQLite (one writer at a time) and on PostgreSQL (a concurrent write of the
 * same row waits for it and checks the condition against the winner's
 * version), so of any number of concurrent acquires on one state at most one
 * returns a row. `release` and `abandon` write only while the caller holds
 * the lease.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { Attempt, UserId } from "@holonet/domain"
import { HeartbeatLeaseRepo } from "@holonet/domain"
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { dieOnSqlError, type EpochMillis, execute, hasRows } from "./Rows.js"

/** Agent ids per statement: far below both dialects' limit on parameters. */
const batchSize = 500

interface AttemptRow {
  readonly agent_id: UserId
  readonly started_at: EpochMillis
  readonly failures: number | string
}

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const attempts = (agentIds: ReadonlyArray<UserId>) =>
    dieOnSqlError(Effect.forEach(
      Arr.chunksOf(agentIds, batchSize),
      (chunk) =>
        sql<AttemptRow>`SELECT agent_id, started_at, failures FROM agent_heartbeats
          WHERE ${sql.in("agent_id", chunk)} AND started_at IS NOT NULL`
    )).pipe(Effect.map((chunks) => {
      const found = new Map<UserId, Attempt>()
      for (const row of chunks.flat()) {
        found.set(row.agent_id, { startedAt: Number(row.started_at), failures: Number(row.failures) })
      }
      return found
    }))

  // A lease is free when there is none or it ended at or before `now`. Never
  // attempted: insert the row leased, or take an existing row (leased before,
  // handed back) only if it still records no attempt. Attempted: take the row
  // only if its last attempt is the one seen.
  const acquire = (agentId: UserId, holder: string, seen: Option.Option<Attempt>, now: number, leaseUntil: number) =>
    hasRows(Option.match(seen, {
      onNone: () =>
        sql`INSERT INTO agent_heartbeats (agent_id, started_at, failures, holder, leased_until)
          VALUES (${agentId}, NULL, 0, ${holder}, ${leaseUntil})
          ON CONFLICT (agent_id) DO UPDATE SET holder = excluded.holder, leased_until = excluded.leased_until
          WHERE agent_heartbeats.started_at IS NULL
            AND (agent_heartbeats.leased_until IS NULL OR agent_heartbeats.leased_until <= ${now})
          RETURNING agent_id`,
      onSome: (attempt) =>
        sql`UPDATE agent_heartbeats SET holder = ${holder}, leased_until = ${leaseUntil}
          WHERE agent_id = ${agentId} AND started_at = ${attempt.startedAt}
            AND (leased_until IS NULL OR leased_until <= ${now})
          RETURNING agent_id`
    }))

  const release = (agentId: UserId, holder: string, attempt: Attempt) =>
    execute(sql`UPDATE agent_heartbeats
      SET started_at = ${attempt.startedAt}, failures = ${attempt.failures}, holder = NULL, leased_until = NULL
      WHERE agent_id = ${agentId} AND holder = ${holder}`)

  const abandon = (agentId: UserId, holder: string) =>
    execute(sql`UPDATE agent_heartbeats SET holder = NULL, leased_until = NULL
      WHERE agent_id = ${agentId} AND holder = ${holder}`)

  return HeartbeatLeaseRepo.of({ attempts, acquire, release, abandon })
})

export const layer: Layer.Layer<HeartbeatLeaseRepo, never, SqlClient.SqlClient> = Layer.effect(
  HeartbeatLeaseRepo,
  make
)
