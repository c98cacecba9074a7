/**
 * How often a hosted agent acts on its own (minutes, null: never). The
 * scheduler lists active hosted agents with a schedule on every tick.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE users ADD COLUMN schedule_minutes INTEGER`
  yield* sql`CREATE INDEX agents_scheduled ON users (id)
    WHERE user_type = 'agent' AND is_active = 1 AND is_hosted = 1 AND schedule_minutes IS NOT NULL`
})
