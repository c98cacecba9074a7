/**
 * Claims on outbox entries: a notification worker marks the entries it is
 * delivering as claimed until a time, so that other workers (other server
 * processes) take other entries meanwhile, and entries a dead worker claimed
 * become claimable again when the claim ends. Null means unclaimed. The
 * claim query walks the primary key (oldest first) and stops after `limit`
 * claimable rows; the rows it skips are those claimed now, at most a batch
 * per live worker, so the primary key is the index that serves it.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE outbox ADD COLUMN claimed_until BIGINT`
})
