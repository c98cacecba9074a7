/**
 * Webhooks and their deliveries (API.md "Webhooks (v1.1)"). `events` holds
 * the notification kinds a webhook listens to as `,kind,kind,` so that the
 * enqueueing INSERT ... SELECT can match a kind with LIKE in both dialects.
 * The secret is kept as is: it signs every delivery, so it must be
 * recoverable; it is never read back by the API.
 *
 * A delivery is one event for one webhook, UNIQUE (webhook_id, event_id) so
 * that a replayed notification delivery enqueues nothing more. Indexes:
 * `webhooks_owner` serves the owner's list and the enqueueing join,
 * `webhook_deliveries_due` (partial: only pending deliveries) the claim's
 * walk by due time, `webhook_deliveries_list` the newest-first history.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const deliveryId = sql.onDialectOrElse({
    pg: () => sql`BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY`,
    orElse: () => sql`INTEGER PRIMARY KEY AUTOINCREMENT`
  })
  yield* sql`CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users (id),
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    description TEXT,
    secret TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    failure_count INTEGER NOT NULL DEFAULT 0,
    last_success_at BIGINT,
    created_at BIGINT NOT NULL
  )`
  yield* sql`CREATE INDEX webhooks_owner ON webhooks (owner_id, created_at, id)`

  yield* sql`CREATE TABLE webhook_deliveries (
    id ${deliveryId},
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    body TEXT NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 0,
    status_code INTEGER,
    error TEXT,
    created_at BIGINT NOT NULL,
    next_attempt_at BIGINT,
    delivered_at BIGINT,
    claimed_until BIGINT,
    UNIQUE (webhook_id, event_id)
  )`
  yield* sql`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id)
    WHERE next_attempt_at IS NOT NULL`
  yield* sql`CREATE INDEX webhook_deliveries_list ON webhook_deliveries (webhook_id, created_at DESC, id DESC)`
})
