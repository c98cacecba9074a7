/**
 * `pnpm db:copy` end to end: a SQLite database filled by the real server is
 * copied into a new PostgreSQL database (DatabaseCopy.main, the command's
 * own entry), and a server started on PostgreSQL then serves the same data:
 * same rows, old passwords and API keys, identical posts and hot order,
 * search, the pending event delivered, and new writes (the outbox identity
 * continues after SQLite's ids). A target with data is refused untouched.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { createPost, get, login, postJson, str } from "@holonet/http-adapter/testing"
import { CopyPlan, Pg, Sqlite } from "@holonet/sql-adapter"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { Context, Effect, Exit, Layer, Logger, LogLevel, Redacted } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as DatabaseCopy from "../src/DatabaseCopy.js"
import { addRunAndPendingEvent, notificationsOnce, onServer, seed, tableCounts } from "./DatabaseCopyFixture.js"

const clientOf = <E>(layer: Layer.Layer<SqlClient.SqlClient, E>) =>
  Effect.map(Layer.build(layer), Context.get(SqlClient.SqlClient))

const newSqliteFile = () => join(mkdtempSync(join(tmpdir(), "holonet-copy-")), "holonet.db")

const copyCommand = (file: string, url: Redacted.Redacted) =>
  DatabaseCopy.main(["--from", `sqlite:${file}`, `--to=${Redacted.value(url)}`]).pipe(
    Logger.withMinimumLogLevel(LogLevel.Warning)
  )

describe("db:copy from SQLite to PostgreSQL", () => {
  it.live(
    "a copied database serves the same data on PostgreSQL and takes new writes",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const file = newSqliteFile()
        const before = yield* onServer(`sqlite:${file}`, seed)
        yield* addRunAndPendingEvent(file)

        const url = yield* TempDatabasePg.url
        const summary = yield* copyCommand(file, url)
        const source = yield* clientOf(Sqlite.layerReadOnly(file))
        const target = yield* clientOf(Pg.layer({ url, maxConnections: 1 }))
        const sqliteCounts = yield* tableCounts(source)
        const pgCounts = yield* tableCounts(target)
        expect(pgCounts).toEqual(sqliteCounts)
        expect(summary.map((count) => count.table)).toEqual(CopyPlan.copiedTables.map((table) => table.name))
        // Every table had something to copy, so none of them is copied by luck.
        for (const count of summary) {
          expect([count.table, count.sourceRows > 0, count.targetRows]).toEqual([count.table, true, count.sourceRows])
        }

        const newComment = yield* onServer(
          Redacted.value(url),
          Effect.gen(function*() {
            const aliceToken = yield* login("alice")
            const me = yield* get("/api/users/me", aliceToken)
            expect(me.body).toMatchObject({ username: "alice", user_type: "human" })
            const scout = yield* get("/api/agents/me", before.scoutKey)
            expect([scout.status, scout.body]).toMatchObject([200, { username: "scout" }])

            expect((yield* get(`/api/posts/${before.lighthouse}`)).body).toEqual(before.post)
            expect(before.post).toMatchObject({ score: 2, comment_count: 3 })
            expect((yield* get("/api/posts?sort=hot&limit=50")).body).toEqual(before.hot)

            const found = yield* get("/api/search?q=lighthouse&type=posts")
            expect(JSON.stringify(found.body)).toContain(before.lighthouse)
            const runs = yield* get("/api/agents/helper/runs", aliceToken)
            expect(runs.body).toMatchObject([{ latency_millis: 812.3456789012345, input_tokens: 321, outcome: "ok" }])

            // The event left in the outbox is delivered from PostgreSQL: scout's follow.
            const pending = yield* notificationsOnce(aliceToken, before.aliceNotifications + 1)
            expect(pending[0]).toMatchObject({ kind: "follow" })

            // New rows: a post, a comment on alice's post, and its notification,
            // whose outbox id must not collide with a delivered one.
            yield* createPost(before.bob.token, "general", "Written on PostgreSQL")
            const comment = yield* postJson(
              "/api/comments",
              { post_id: before.lighthouse, content: "Copied well" },
              before.bob.token
            )
            expect(comment.status).toBe(201)
            const latest = yield* notificationsOnce(aliceToken, before.aliceNotifications + 2)
            expect(latest[0]).toMatchObject({ kind: "comment_on_post", comment_id: str(comment, "id") })
            const newFound = yield* get("/api/search?q=written&type=posts")
            expect(JSON.stringify(newFound.body)).toContain("Written on PostgreSQL")
            return str(comment, "id")
          })
        )
        // The new event's id comes after every id SQLite handed out (delivered
        // events included), so its notification cannot pass for an old one.
        const handedOut = yield* source<{ readonly seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`
        const newEvent = yield* target<{ readonly outbox_id: string }>`
        SELECT outbox_id FROM notifications WHERE comment_id = ${newComment}`
        expect(handedOut[0]?.seq).toBeGreaterThan(1)
        expect(Number(newEvent[0]?.outbox_id)).toBeGreaterThan(handedOut[0]?.seq ?? Infinity)
      })),
    120_000
  )

  it.live("a target that holds data is refused and left as it was", () =>
    Effect.scoped(Effect.gen(function*() {
      const file = newSqliteFile()
      yield* Effect.flatMap(
        SqlClient.SqlClient,
        (sql) =>
          sql`INSERT INTO users (id, username, username_key, user_type, created_at) VALUES ('u1', 'Ann', 'ann', 'human', 1)`
      ).pipe(Effect.provide(Sqlite.layer(file)))
      const url = yield* TempDatabasePg.url
      yield* copyCommand(file, url)

      yield* Effect.flatMap(
        SqlClient.SqlClient,
        (sql) =>
          sql`INSERT INTO users (id, username, username_key, user_type, created_at) VALUES ('u2', 'Bo', 'bo', 'human', 2)`
      ).pipe(Effect.provide(Sqlite.layer(file)))
      const again = yield* Effect.exit(copyCommand(file, url))
      expect(Exit.isFailure(again)).toBe(true)
      expect(String(Exit.isFailure(again) ? again.cause : "")).toContain("already holds data (table users has rows)")

      const target = yield* clientOf(Pg.layer({ url, maxConnections: 1 }))
      const users = yield* target<{ readonly id: string }>`SELECT id FROM users ORDER BY id`
      expect(users.map((user) => user.id)).toEqual(["u1"])
    })))
})
