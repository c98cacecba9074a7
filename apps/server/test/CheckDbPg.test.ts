/**
 * `pnpm check-db` on PostgreSQL: a database filled through the real server
 * checks clean (counters, ranks, karma and the generated search columns);
 * each counter corrupted by a direct UPDATE is named, `--repair` fixes them
 * in one transaction and the next check is clean.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Invariants, Pg } from "@holonet/sql-adapter"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { Context, Effect, Exit, Layer, Logger, LogLevel, Redacted } from "effect"
import * as DatabaseCheck from "../src/DatabaseCheck.js"
import { onServer } from "./DatabaseCopyFixture.js"
import { corruptEveryCounter, namesOf, seedForChecks } from "./InvariantSuite.js"

const command = (url: string, ...flags: ReadonlyArray<string>) =>
  Effect.exit(DatabaseCheck.main(["--database", url, ...flags])).pipe(Logger.withMinimumLogLevel(LogLevel.None))

describe("check-db on PostgreSQL", () => {
  it.live(
    "a served database is clean; every corrupted counter is named, repaired, and clean again",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = Redacted.value(yield* TempDatabasePg.url)
        yield* onServer(url, seedForChecks)
        const sql = yield* Effect.map(
          Layer.build(Pg.layer({ url: Redacted.make(url), maxConnections: 1 })),
          Context.get(SqlClient.SqlClient)
        )
        const check = Effect.provideService(Invariants.check(), SqlClient.SqlClient, sql)
        expect(yield* check).toEqual([])

        const corrupted = yield* Effect.provideService(corruptEveryCounter, SqlClient.SqlClient, sql)
        const found = yield* check
        expect(namesOf(found)).toEqual(namesOf(corrupted))
        const karma = found.find((mismatch) => mismatch.check === "users.karma")
        expect(typeof karma?.stored).toBe("number")
        expect(Number(karma?.stored) - Number(karma?.expected)).toBe(7)
        const broken = yield* command(url)
        expect(Exit.isFailure(broken)).toBe(true)

        const repaired = yield* command(url, "--repair")
        expect(Exit.isSuccess(repaired) ? namesOf(repaired.value) : repaired).toEqual(namesOf(corrupted))
        expect(yield* check).toEqual([])
        expect(Exit.isSuccess(yield* command(url))).toBe(true)
      })),
    60_000
  )
})
