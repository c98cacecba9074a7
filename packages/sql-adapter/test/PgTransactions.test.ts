/**
 * Pg.layer's transactions under a real race: two transactions that lock the
 * same rows in opposite orders deadlock, PostgreSQL aborts one of them, and
 * the layer runs that one again instead of passing the error on (which the
 * server would answer with a 500).
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Ref } from "effect"
import * as Pg from "../src/Pg.js"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"

describe("Pg.layer transactions", () => {
  // live: the retry waits on the real clock.
  it.live("a deadlock victim runs again, and both transactions commit", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* sql`CREATE TABLE pair (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`
      yield* sql`INSERT INTO pair VALUES (1, 0), (2, 0)`
      const attempts = yield* Ref.make(0)
      const firstLocked = yield* Deferred.make<void>()
      const secondLocked = yield* Deferred.make<void>()
      // Each locks its first row, waits until the other holds its own, then
      // asks for the other's row: a cycle on the first attempts.
      const crossing = (
        first: number,
        second: number,
        mine: Deferred.Deferred<void>,
        theirs: Deferred.Deferred<void>
      ) =>
        sql.withTransaction(Effect.gen(function*() {
          yield* Ref.update(attempts, (n) => n + 1)
          yield* sql`UPDATE pair SET n = n + 1 WHERE id = ${first}`
          yield* Deferred.succeed(mine, undefined)
          yield* Deferred.await(theirs)
          yield* sql`UPDATE pair SET n = n + 1 WHERE id = ${second}`
        }))
      const exits = yield* Effect.all([
        Effect.exit(crossing(1, 2, firstLocked, secondLocked)),
        Effect.exit(crossing(2, 1, secondLocked, firstLocked))
      ], { concurrency: 2 })
      expect(exits.map(Exit.isSuccess)).toEqual([true, true])
      // One victim, run once more.
      expect(yield* Ref.get(attempts)).toBe(3)
      const rows = yield* sql<{ readonly id: number; readonly n: number }>`SELECT id, n FROM pair ORDER BY id`
      expect(rows).toEqual([{ id: 1, n: 2 }, { id: 2, n: 2 }])
    }).pipe(Effect.provide(TempDatabasePg.layerWith({ maxConnections: 2 }))))

  it("retries deadlocks and serialization failures only", () => {
    const withCode = (code: string) => new SqlError({ cause: { code }, message: "x" })
    expect(Pg.isRetriable(withCode("40P01"))).toBe(true)
    expect(Pg.isRetriable(withCode("40001"))).toBe(true)
    expect(Pg.isRetriable(withCode("23505"))).toBe(false)
    expect(Pg.isRetriable(new Error("40P01"))).toBe(false)
  })
})
