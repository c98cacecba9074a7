/**
 * The agent scheduler's state, one row per scheduled agent that has had a
 * heartbeat: when it is next due, how many heartbeats failed in a row, and
 * which process holds its lease until when (both null when none does). In
 * the database so that every server process schedules together. Times are
 * epoch milliseconds like every other table. No index beyond the primary
 * key: the scheduler only ever reaches a row by its agent.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { Effect } from "effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE agent_heartbeats (
    agent_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    due_at BIGINT NOT NULL,
    failures INTEGER NOT NULL,
    holder TEXT,
    leased_until BIGINT
  )`
})
