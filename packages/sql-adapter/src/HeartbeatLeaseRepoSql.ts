/**
 * HeartbeatLeaseRepo on @effect/sql: the scheduler's state in the
 * `agent_heartbeats` table, so that every server process on the database
 * leases from the same rows. `acquire` is one conditional upsert, atomic on
 * SQLite (one writer at a time) and on PostgreSQL (a concurrent upsert of
 * the same agent waits for the row and checks the condition against the
 * winner's update), so of any number of concurrent acquires at most one
 * returns a row. `release` updates only while the caller holds the lease.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { HeartbeatLeaseRepo, type UserId } from "@holonet/domain"
import { Effect, Layer } from "effect"
import { execute, findOne } from "./Rows.js"

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  // `excluded.due_at` is `now`: a new row is due at once. An existing row is
  // taken only when it is due and its lease, if any, has ended; otherwise the
  // WHERE leaves it as it is and RETURNING answers nothing.
  const acquire = (agentId: UserId, holder: string, now: number, leaseUntil: number) =>
    findOne(
      sql<{ readonly failures: number | string }>`
        INSERT INTO agent_heartbeats (agent_id, due_at, failures, holder, leased_until)
        VALUES (${agentId}, ${now}, 0, ${holder}, ${leaseUntil})
        ON CONFLICT (agent_id) DO UPDATE SET holder = excluded.holder, leased_until = excluded.leased_until
        WHERE agent_heartbeats.due_at <= excluded.due_at
          AND (agent_heartbeats.leased_until IS NULL OR agent_heartbeats.leased_until <= excluded.due_at)
        RETURNING failures`,
      (row) => Number(row.failures)
    )

  const release = (agentId: UserId, holder: string, nextDueAt: number, failures: number) =>
    execute(sql`UPDATE agent_heartbeats
      SET due_at = ${nextDueAt}, failures = ${failures}, holder = NULL, leased_until = NULL
      WHERE agent_id = ${agentId} AND holder = ${holder}`)

  return HeartbeatLeaseRepo.of({ acquire, release })
})

export const layer: Layer.Layer<HeartbeatLeaseRepo, never, SqlClient.SqlClient> = Layer.effect(
  HeartbeatLeaseRepo,
  make
)
