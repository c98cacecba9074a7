/**
 * CopySqliteToPg on rows written by hand, where the server would never put
 * them: pages of two rows, rows stored before the rows they refer to
 * (explicit rowids), an outbox id below the highest ever handed out, floats
 * that must survive exactly. Then what must stop the copy: a value
 * PostgreSQL cannot take (after earlier tables were written: nothing stays),
 * a source behind the schema, a table outside the plan.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { Context, Effect, Exit, Layer } from "effect"
import * as CopyPlan from "../src/CopyPlan.js"
import * as CopySqliteToPg from "../src/CopySqliteToPg.js"
import * as Sqlite from "../src/Sqlite.js"

/** A migrated in-memory SQLite database and a new, migrated PostgreSQL one. */
const databases = Effect.gen(function*() {
  const source = Context.get(yield* Layer.build(Sqlite.layer(":memory:")), SqlClient.SqlClient)
  const target = Context.get(yield* Layer.build(TempDatabasePg.layerWith({ maxConnections: 2 })), SqlClient.SqlClient)
  return { source, target }
})

const user = (sql: SqlClient.SqlClient, rowid: number, id: string, owner: string | null = null) =>
  sql`INSERT INTO users (rowid, id, username, username_key, user_type, owner_id, karma, created_at)
    VALUES (${rowid}, ${id}, ${id}, ${id}, ${owner === null ? "human" : "agent"}, ${owner}, ${2 ** 30 + rowid},
      ${1_700_000_000_000 + rowid})`

const comment = (sql: SqlClient.SqlClient, rowid: number, id: string, parent: string | null, depth: number) =>
  sql`INSERT INTO comments (rowid, id, post_id, parent_id, author_id, content, depth, created_at, updated_at)
    VALUES (${rowid}, ${id}, 'p1', ${parent}, 'h50', ${`comment ${id}`}, ${depth}, 1, 1)`

const failureOf = (exit: Exit.Exit<unknown, unknown>) => Exit.isFailure(exit) ? String(exit.cause) : "succeeded"

describe("CopySqliteToPg", () => {
  it.scoped("copies in pages, parents before the rows that refer to them, values exact, sequences past SQLite's", () =>
    Effect.gen(function*() {
      const { source, target } = yield* databases
      // The owner's row after its agent's, and a thread stored leaf first.
      yield* user(source, 50, "h50")
      yield* user(source, 1, "a1", "h50")
      for (let i = 2; i <= 11; i++) yield* user(source, i, `h${i}`)
      yield* source`INSERT INTO channels (id, name, title, created_by, created_at) VALUES ('c1', 'general', 'G', 'h50', 1)`
      yield* source`INSERT INTO posts (id, channel_id, author_id, author_type, title, content, created_at, updated_at,
        hot_rank, controversy_rank) VALUES ('p1', 'c1', 'h50', 'human', 'Lighthouse keepers', 'text', 1, 1,
        ${Math.PI * 1e6}, ${0.1 + 0.2})`
      yield* comment(source, 100, "k1", null, 0)
      yield* comment(source, 5, "k2", "k1", 1)
      yield* comment(source, 3, "k3", "k2", 2)
      // Id 40 handed out and gone (delivered), id 7 still waiting.
      yield* source`INSERT INTO outbox (id, kind, created_at) VALUES (40, 'followed', 1)`
      yield* source`DELETE FROM outbox WHERE id = 40`
      yield* source`INSERT INTO outbox (id, kind, created_at) VALUES (7, 'followed', 1)`

      const counts = yield* CopySqliteToPg.copy({ source, target, batchSize: 2 })
      expect(counts.filter((c) => c.sourceRows > 0)).toEqual([
        { table: "users", sourceRows: 12, targetRows: 12 },
        { table: "channels", sourceRows: 1, targetRows: 1 },
        { table: "posts", sourceRows: 1, targetRows: 1 },
        { table: "comments", sourceRows: 3, targetRows: 3 },
        { table: "outbox", sourceRows: 1, targetRows: 1 }
      ])

      const usersIn = (sql: SqlClient.SqlClient) =>
        Effect.map(
          sql<{ id: string; owner_id: string | null; karma: number; created_at: number | string }>`
            SELECT id, owner_id, karma, created_at FROM users ORDER BY id`,
          (rows) => rows.map((row) => ({ ...row, karma: Number(row.karma), created_at: Number(row.created_at) }))
        )
      expect(yield* usersIn(target)).toEqual(yield* usersIn(source))
      const ranks = yield* target<{ hot_rank: number; controversy_rank: number }>`
        SELECT hot_rank, controversy_rank FROM posts`
      expect(ranks).toEqual([{ hot_rank: Math.PI * 1e6, controversy_rank: 0.1 + 0.2 }])
      const depths = yield* target<{ id: string; depth: number }>`SELECT id, depth FROM comments ORDER BY id`
      expect(depths).toEqual([{ id: "k1", depth: 0 }, { id: "k2", depth: 1 }, { id: "k3", depth: 2 }])
      const found = yield* target<{ id: string }>`
        SELECT id FROM posts WHERE search @@ to_tsquery('simple', 'lighthouse')`
      expect(found).toEqual([{ id: "p1" }])
      const next = yield* target<
        { id: string }
      >`INSERT INTO outbox (kind, created_at) VALUES ('followed', 2) RETURNING id`
      expect(next).toEqual([{ id: "41" }])
    }))

  it.scoped("a value PostgreSQL cannot take stops the copy, and the target keeps no row", () =>
    Effect.gen(function*() {
      const { source, target } = yield* databases
      yield* user(source, 1, "h1")
      // SQLite keeps text in an INTEGER column; rate_limits is copied last.
      yield* source`INSERT INTO rate_limits (key, window_start, window_end, count) VALUES ('k', 1, 2, 'many')`
      const exit = yield* Effect.exit(CopySqliteToPg.copy({ source, target }))
      expect(failureOf(exit)).toContain("rate_limits.count of row 1 holds string many")
      // SQLite's INTEGER is 64 bits, PostgreSQL's 32: karma past 2^31 is refused, not wrapped.
      yield* source`UPDATE rate_limits SET count = 1`
      yield* source`UPDATE users SET karma = ${2 ** 40}`
      const overflow = yield* Effect.exit(CopySqliteToPg.copy({ source, target }))
      expect(failureOf(overflow)).toContain("users.karma of row 1 holds bigint 1099511627776")
      const users = yield* target<{ n: string }>`SELECT count(*) AS n FROM users`
      expect(users).toEqual([{ n: "0" }])
    }))

  it.scoped("a source behind this version's schema is refused", () =>
    Effect.gen(function*() {
      const { source, target } = yield* databases
      const latest = CopyPlan.latestSqliteMigration
      yield* source`DELETE FROM effect_sql_migrations WHERE migration_id = ${latest}`
      const exit = yield* Effect.exit(CopySqliteToPg.copy({ source, target }))
      expect(failureOf(exit)).toContain(
        `the SQLite database is at migration ${latest - 1} and this version's schema is ${latest}`
      )
    }))

  it.scoped("a table the plan does not name is refused before anything is written", () =>
    Effect.gen(function*() {
      const { source, target } = yield* databases
      yield* user(source, 1, "h1")
      yield* source`CREATE TABLE badges (id TEXT PRIMARY KEY)`
      const exit = yield* Effect.exit(CopySqliteToPg.copy({ source, target }))
      expect(failureOf(exit)).toContain("tables the copy does not know: badges")
      const users = yield* target<{ n: string }>`SELECT count(*) AS n FROM users`
      expect(users).toEqual([{ n: "0" }])
    }))
})
