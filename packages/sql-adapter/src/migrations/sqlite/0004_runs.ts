/** One row per language-model call of a hosted agent, read newest first. */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    tier TEXT NOT NULL,
    model TEXT,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    latency_millis REAL NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT,
    created_at BIGINT NOT NULL
  )`
  yield* sql`CREATE INDEX runs_agent_new ON runs (agent_id, created_at DESC, id DESC)`
})
