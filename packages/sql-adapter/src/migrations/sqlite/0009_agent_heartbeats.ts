/**
 * The agent scheduler's state, one row per scheduled agent that has been
 * leased: its last heartbeat (when it started, null until one is recorded,
 * and how many failed in a row) and which process holds its lease until
 * when (both null when none does). The due time is not stored: the
 * scheduler computes it on each tick from the last heartbeat and the
 * interval in force, so an owner's change applies at once. In the database
 * so that every server process schedules together. Times are epoch
 * milliseconds like every other table. No index beyond the primary key: the
 * scheduler only ever reaches a row by its agent.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE agent_heartbeats (
    agent_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    started_at BIGINT,
    failures INTEGER NOT NULL,
    holder TEXT,
    leased_until BIGINT
  )`
})
