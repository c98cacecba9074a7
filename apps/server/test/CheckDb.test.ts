/**
 * `pnpm check-db` on SQLite (DatabaseCheck.main, the command's own entry):
 * a database filled through the real server checks clean; each counter and
 * the search index, corrupted by direct statements, is named; `--repair`
 * fixes them in one go and the next check is clean; a stuck outbox entry is
 * named and left for the worker.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Invariants, Sqlite } from "@holonet/sql-adapter"
import { Cause, Context, Effect, Exit, Layer, Logger, LogLevel, Option } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as DatabaseCheck from "../src/DatabaseCheck.js"
import { onServer } from "./DatabaseCopyFixture.js"
import { corruptEveryCounter, namesOf, seedForChecks } from "./InvariantSuite.js"

const quiet = <A, E, R>(effect: Effect.Effect<A, E, R>) => effect.pipe(Logger.withMinimumLogLevel(LogLevel.None))

const command = (url: string, ...flags: ReadonlyArray<string>) =>
  quiet(Effect.exit(DatabaseCheck.main(["--database", url, ...flags])))

const failureOf = <A, E>(exit: Exit.Exit<A, E>) =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined

const newFile = () => join(mkdtempSync(join(tmpdir(), "holonet-check-")), "holonet.db")

describe("check-db on SQLite", () => {
  it.live(
    "a served database is clean; every corrupted counter is named, repaired, and clean again",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const file = newFile()
        const url = `sqlite:${file}`
        yield* onServer(url, seedForChecks)
        const sql = yield* Effect.map(Layer.build(Sqlite.layer(file)), Context.get(SqlClient.SqlClient))
        const check = Effect.provideService(Invariants.check(), SqlClient.SqlClient, sql)
        expect(yield* check).toEqual([])
        expect(Exit.isSuccess(yield* command(url))).toBe(true)

        const corrupted = yield* Effect.provideService(corruptEveryCounter, SqlClient.SqlClient, sql)
        const found = yield* check
        expect(namesOf(found)).toEqual(namesOf(corrupted))
        const comments = found.find((mismatch) => mismatch.check === "posts.comment_count")
        expect(comments).toMatchObject({ table: "posts", column: "comment_count" })
        expect(Number(comments?.stored) - Number(comments?.expected)).toBe(4)
        expect(Invariants.describe(comments!)).toMatch(/^posts \S+ comment_count: stored \d+, expected \d+$/)
        expect(failureOf(yield* command(url))).toMatchObject({ _tag: "InvariantsBroken", count: found.length })

        const repaired = yield* command(url, "--repair")
        expect(Exit.isSuccess(repaired) ? namesOf(repaired.value) : repaired).toEqual(namesOf(corrupted))
        expect(yield* check).toEqual([])
        expect(Exit.isSuccess(yield* command(url))).toBe(true)
        // The repaired rows serve the right values.
        const channel = yield* sql<{ post_count: number; subscriber_count: number }>`
        SELECT post_count, subscriber_count FROM channels WHERE name = 'general'`
        expect(channel).toEqual([{ post_count: 3, subscriber_count: 1 }])
      })),
    60_000
  )

  it.live("a stuck outbox entry is named and not repaired", () =>
    Effect.scoped(Effect.gen(function*() {
      const file = newFile()
      const url = `sqlite:${file}`
      const sql = yield* Effect.map(Layer.build(Sqlite.layer(file)), Context.get(SqlClient.SqlClient))
      const old = Date.now() - 10 * 60_000
      yield* sql`INSERT INTO outbox (kind, post_id, created_at) VALUES ('post_created', 'p1', ${old})`
      yield* sql`INSERT INTO outbox (kind, post_id, created_at, claimed_until) VALUES ('post_created', 'p2', ${old},
        ${old + 60_000})`
      yield* sql`INSERT INTO outbox (kind, post_id, created_at) VALUES ('post_created', 'p3', ${Date.now()})`
      const found = yield* Effect.provideService(Invariants.check(), SqlClient.SqlClient, sql)
      expect(found.map((mismatch) => [mismatch.check, mismatch.id, mismatch.repairable])).toEqual([
        ["outbox", "1", false],
        ["outbox", "2", false]
      ])
      expect(failureOf(yield* command(url, "--repair"))).toMatchObject({ _tag: "InvariantsBroken", repaired: true })
      expect(failureOf(yield* command(url, "--bogus"))).toMatchObject({ _tag: "CheckUsage" })
    })))
})
