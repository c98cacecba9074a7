/**
 * IdempotencyStore on @effect/sql: the `idempotency_keys` table, shared by
 * every server process on the database. `begin` needs no transaction: the
 * primary key makes `INSERT … ON CONFLICT DO NOTHING` insert one pending row
 * per key however many processes race (PostgreSQL makes the losers wait for
 * the winner's commit), and a loser then reads the winner's row. The same
 * statements run on SQLite and PostgreSQL.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { BeginOutcome, IdempotencyStore } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { dieOnSqlError, type EpochMillis, execute, hasRows } from "./Rows.js"

interface Row {
  readonly fingerprint: string
  readonly sealed: string | null
  readonly expires_at: EpochMillis
}

/**
 * A record can vanish between the insert that lost and the read (released,
 * or swept once expired); then the insert is tried again. After a few such
 * turns the key is reported in use, which a client retries.
 */
const attempts = 4

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const tryOnce = (
    keyHash: string,
    fingerprint: string,
    now: number,
    pendingUntil: number
  ): Effect.Effect<BeginOutcome | undefined> =>
    Effect.gen(function*() {
      yield* execute(sql`DELETE FROM idempotency_keys WHERE key_hash = ${keyHash} AND expires_at <= ${now}`)
      const inserted = yield* hasRows(sql`
        INSERT INTO idempotency_keys (key_hash, fingerprint, sealed, expires_at)
        VALUES (${keyHash}, ${fingerprint}, NULL, ${pendingUntil})
        ON CONFLICT (key_hash) DO NOTHING
        RETURNING key_hash`)
      if (inserted) return BeginOutcome.Started()
      const rows = yield* dieOnSqlError(
        sql<Row>`SELECT fingerprint, sealed, expires_at FROM idempotency_keys WHERE key_hash = ${keyHash}`
      )
      const row = rows[0]
      if (row === undefined || Number(row.expires_at) <= now) return undefined
      if (row.fingerprint !== fingerprint) return BeginOutcome.Mismatch()
      return row.sealed === null ? BeginOutcome.InUse() : BeginOutcome.Replay({ sealed: row.sealed })
    })

  return IdempotencyStore.of({
    begin: Effect.fnUntraced(function*({ fingerprint, keyHash, now, pendingUntil }) {
      for (let turn = 0; turn < attempts; turn++) {
        const outcome = yield* tryOnce(keyHash, fingerprint, now, pendingUntil)
        if (outcome !== undefined) return outcome
      }
      return BeginOutcome.InUse()
    }),
    complete: (keyHash, fingerprint, sealed, expiresAt) =>
      execute(sql`
        UPDATE idempotency_keys SET sealed = ${sealed}, expires_at = ${expiresAt}
        WHERE key_hash = ${keyHash} AND fingerprint = ${fingerprint} AND sealed IS NULL`),
    release: (keyHash, fingerprint) =>
      execute(sql`
        DELETE FROM idempotency_keys
        WHERE key_hash = ${keyHash} AND fingerprint = ${fingerprint} AND sealed IS NULL`),
    sweep: (now) =>
      dieOnSqlError(
        Effect.map(
          sql`DELETE FROM idempotency_keys WHERE expires_at <= ${now} RETURNING key_hash`,
          (rows) => rows.length
        )
      )
  })
})

export const layer = Layer.effect(IdempotencyStore, make)
