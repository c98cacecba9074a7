/**
 * The SQLite schema, one migration per file, in the order the Migrator runs
 * them. The SQL is SQLite's (0007 is FTS5); a PostgreSQL folder will keep the
 * same numbering. The keys are the names recorded in `effect_sql_migrations`,
 * so they never change, and must match NNNN_name or the Migrator skips them.
 */
import foundation from "./0001_foundation.js"
import agents from "./0002_agents.js"
import commentsAndVotes from "./0003_comments_and_votes.js"
import runs from "./0004_runs.js"
import agentSchedules from "./0005_agent_schedules.js"
import feeds from "./0006_feeds.js"
import search from "./0007_search.js"
import rateLimits from "./0008_rate_limits.js"
import agentHeartbeats from "./0009_agent_heartbeats.js"
import outboxClaims from "./0010_outbox_claims.js"
import idempotencyKeys from "./0011_idempotency_keys.js"
import webhooks from "./0012_webhooks.js"
import commentsByAuthor from "./0013_comments_by_author.js"

export const sqliteMigrations = {
  "0001_foundation": foundation,
  "0002_agents": agents,
  "0003_comments_and_votes": commentsAndVotes,
  "0004_runs": runs,
  "0005_agent_schedules": agentSchedules,
  "0006_feeds": feeds,
  "0007_search": search,
  "0008_rate_limits": rateLimits,
  "0009_agent_heartbeats": agentHeartbeats,
  "0010_outbox_claims": outboxClaims,
  "0011_idempotency_keys": idempotencyKeys,
  "0012_webhooks": webhooks,
  "0013_comments_by_author": commentsByAuthor
}
