/**
 * The SQLite database as Sqlite.layer opens it: connection settings, the
 * migrated schema, and what the repositories rely on (foreign keys,
 * counters that roll back with their rows).
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { ChannelRepo, controversyRank, hotRank, PostRepo, VoteRepo } from "@holonet/domain"
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Option } from "effect"
import { readdirSync } from "node:fs"
import { at, makeChannel, makePost, makeUser, pendingEntries, seedUsers } from "@holonet/domain/contracts"
import { RepositoriesSql, Sqlite } from "../src/index.js"
import { sqliteMigrations as allMigrations } from "../src/migrations/sqlite/index.js"
import { layerSqliteTempFile, tempDatabaseFile } from "./TempDatabase.js"

addEqualityTesters()

interface Settings {
  readonly journal: string | undefined
  readonly foreignKeys: number | undefined
  readonly synchronous: number | undefined
  readonly busyTimeout: number | undefined
}

const readSettings = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const journal = yield* sql<{ readonly journal_mode: string }>`PRAGMA journal_mode`
  const foreignKeys = yield* sql<{ readonly foreign_keys: number }>`PRAGMA foreign_keys`
  const synchronous = yield* sql<{ readonly synchronous: number }>`PRAGMA synchronous`
  const busyTimeout = yield* sql<{ readonly timeout: number }>`PRAGMA busy_timeout`
  const settings: Settings = {
    journal: journal[0]?.journal_mode,
    foreignKeys: foreignKeys[0]?.foreign_keys,
    synchronous: synchronous[0]?.synchronous,
    busyTimeout: busyTimeout[0]?.timeout
  }
  return settings
})

interface RankedRow {
  readonly upvotes: number
  readonly downvotes: number
  readonly created_at: number
  readonly hot_rank: number
  readonly controversy_rank: number
}

const migrations = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) =>
    sql<{ readonly migration_id: number; readonly name: string }>`
    SELECT migration_id, name FROM effect_sql_migrations ORDER BY migration_id`
)

describe("Sqlite.layer", () => {
  it.effect("a file database: WAL journal, foreign keys on, synchronous NORMAL, 10 s busy timeout", () =>
    readSettings.pipe(
      Effect.map((settings) => {
        // synchronous: 1 is NORMAL (0 OFF, 2 FULL, 3 EXTRA).
        expect(settings).toEqual({ journal: "wal", foreignKeys: 1, synchronous: 1, busyTimeout: 10000 })
      }),
      Effect.provide(layerSqliteTempFile)
    ))

  it.effect(":memory: gets the same settings, with its own memory journal", () =>
    readSettings.pipe(
      Effect.map((settings) => {
        expect(settings).toEqual({ journal: "memory", foreignKeys: 1, synchronous: 1, busyTimeout: 10000 })
      }),
      Effect.provide(Sqlite.layer(":memory:"))
    ))

  it.scoped("reopening a file keeps its data and does not migrate twice", () =>
    Effect.gen(function*() {
      const file = yield* tempDatabaseFile
      const alice = makeUser("alice")
      const first = yield* Effect.gen(function*() {
        yield* seedUsers(alice)
        return yield* migrations
      }).pipe(Effect.provide(RepositoriesSql.layer.pipe(Layer.provideMerge(Sqlite.layer(file)))))
      expect(first.map((m) => m.name)).toEqual([
        "foundation",
        "agents",
        "comments_and_votes",
        "runs",
        "agent_schedules",
        "feeds",
        "search",
        "rate_limits",
        "agent_heartbeats",
        "outbox_claims",
        "idempotency_keys",
        "webhooks",
        "comments_by_author"
      ])

      const second = yield* Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const users = yield* sql<{ readonly id: string }>`SELECT id FROM users`
        return { users: users.map((u) => u.id), migrations: yield* migrations }
      }).pipe(Effect.provide(Sqlite.layer(file)))
      expect(second).toEqual({ users: [alice.id], migrations: first })
    }))

  // A file left out of the folder's index would never run, silently.
  it("every migration file of the folder is in the record, under its file name", () => {
    const folder = new URL("../src/migrations/sqlite/", import.meta.url)
    const files = readdirSync(folder).filter((name) => /^\d+_.*\.ts$/.test(name)).map((name) => name.slice(0, -3))
    expect(Object.keys(allMigrations)).toEqual(files.sort())
  })

  it.effect("0006_feeds gives posts stored before it the ranks the domain's formulas give", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const upTo = (last: string) =>
        Migrator.make({})({
          loader: Migrator.fromRecord(Object.fromEntries(Object.entries(allMigrations).filter(([key]) => key <= last)))
        })
      yield* upTo("0005_agent_schedules")
      yield* sql`INSERT INTO users (id, username, username_key, user_type, created_at)
        VALUES ('u', 'u', 'u', 'human', 0)`
      yield* sql`INSERT INTO channels (id, name, title, created_by, created_at) VALUES ('c', 'c', 'C', 'u', 0)`
      const counters: ReadonlyArray<readonly [number, number]> = [
        [0, 0],
        [1, 0],
        [12, 2],
        [0, 100],
        [3, 3],
        [40, 20],
        [2, 9]
      ]
      const createdAt = at(1234).epochMillis
      for (const [i, [up, down]] of counters.entries()) {
        yield* sql`INSERT INTO posts (id, channel_id, author_id, author_type, title, content, upvotes, downvotes, score,
            created_at, updated_at)
          VALUES (${`p${i}`}, 'c', 'u', 'human', 't', '', ${up}, ${down}, ${up - down}, ${createdAt + i}, 0)`
      }
      yield* upTo("0006_feeds")
      const rows = yield* sql<RankedRow>`
        SELECT upvotes, downvotes, created_at, hot_rank, controversy_rank FROM posts ORDER BY id`
      expect(rows.length).toBe(counters.length)
      for (const row of rows) {
        // SQLite's log10/pow may differ from V8's in the last bits; the next vote rewrites them from JavaScript.
        expect(row.hot_rank).toBeCloseTo(hotRank(row.upvotes, row.downvotes, row.created_at), 9)
        expect(row.controversy_rank).toBeCloseTo(controversyRank(row.upvotes, row.downvotes), 9)
      }
    }).pipe(Effect.provide(SqliteClient.layer({ filename: ":memory:" }).pipe(Layer.orDie))))

  it.effect("foreign keys are enforced", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const orphan = yield* Effect.flip(
        sql`INSERT INTO subscriptions (channel_id, user_id, created_at) VALUES ('no-channel', 'no-user', 0)`
      )
      expect(orphan._tag).toBe("SqlError")
      expect(String(orphan.cause)).toContain("FOREIGN KEY")
    }).pipe(Effect.provide(Sqlite.layer(":memory:"))))
})

describe("SQL repositories beyond the contract", () => {
  const layer = RepositoriesSql.layer.pipe(Layer.provideMerge(Sqlite.layer(":memory:")))
  const owner = makeUser("owner")
  const reader = makeUser("reader")
  const general = makeChannel("general", owner)

  const seed = Effect.gen(function*() {
    yield* seedUsers(owner, reader)
    yield* (yield* ChannelRepo).create(general)
  })

  /** Makes every write of `column` on channels fail, after the statement before it succeeded. */
  const breakCounter = (column: "post_count" | "subscriber_count") =>
    Effect.flatMap(
      SqlClient.SqlClient,
      (sql) =>
        sql`CREATE TRIGGER broken_counter BEFORE UPDATE OF ${sql(column)} ON channels
        BEGIN SELECT RAISE(ABORT, 'counter unavailable'); END`
    )

  const expectDefect = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.map(Effect.exit(effect), (exit) => expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true))

  const count = (column: "postCount" | "subscriberCount") =>
    Effect.map(Effect.flatMap(ChannelRepo, (repo) => repo.findByRef(general.id)), Option.map((c) => c[column]))

  it.effect("a post whose counter update fails is not stored: row and count move together", () =>
    Effect.gen(function*() {
      yield* seed
      yield* breakCounter("post_count")
      const post = makePost("p", general, owner)
      yield* expectDefect((yield* PostRepo).insert(post))
      const sql = yield* SqlClient.SqlClient
      expect(yield* sql`SELECT id FROM posts`).toEqual([])
      expect(yield* count("postCount")).toEqual(Option.some(0))
    }).pipe(Effect.provide(layer)))

  it.effect("a post whose counter update fails leaves no outbox event either", () =>
    Effect.gen(function*() {
      yield* seed
      yield* breakCounter("post_count")
      yield* expectDefect((yield* PostRepo).insert(makePost("p", general, owner)))
      expect(yield* pendingEntries(10)).toEqual([])
    }).pipe(Effect.provide(layer)))

  it.effect("stored ranks are exactly the domain's formulas, after insert and after each vote", () =>
    Effect.gen(function*() {
      yield* seed
      const post = makePost("p", general, owner, { upvotes: 7, downvotes: 3, score: 4, createdAt: at(42) })
      yield* (yield* PostRepo).insert(post)
      const sql = yield* SqlClient.SqlClient
      const stored = Effect.map(
        sql<{ readonly hot_rank: number; readonly controversy_rank: number }>`
          SELECT hot_rank, controversy_rank FROM posts WHERE id = ${post.id}`,
        (rows) => rows.map((row) => [row.hot_rank, row.controversy_rank])
      )
      const expected = (up: number, down: number) => [[
        hotRank(up, down, post.createdAt.epochMillis),
        controversyRank(up, down)
      ]]
      expect(yield* stored).toEqual(expected(7, 3))
      const votes = yield* VoteRepo
      yield* votes.votePost(post.id, reader.id, -1)
      expect(yield* stored).toEqual(expected(7, 4))
      yield* votes.votePost(post.id, owner.id, 1)
      expect(yield* stored).toEqual(expected(8, 4))
      yield* votes.votePost(post.id, reader.id, 0)
      expect(yield* stored).toEqual(expected(8, 3))
    }).pipe(Effect.provide(layer)))

  it.effect("a soft delete whose counter update fails leaves the post visible", () =>
    Effect.gen(function*() {
      yield* seed
      const posts = yield* PostRepo
      const post = makePost("p", general, owner)
      yield* posts.insert(post)
      yield* breakCounter("post_count")
      yield* expectDefect(posts.softDelete(post.id, at(1)))
      expect(yield* posts.findById(post.id)).toEqual(Option.some(post))
    }).pipe(Effect.provide(layer)))

  it.effect("a subscription whose counter update fails is not stored", () =>
    Effect.gen(function*() {
      yield* seed
      yield* breakCounter("subscriber_count")
      yield* expectDefect((yield* ChannelRepo).subscribe(general.id, reader.id))
      const sql = yield* SqlClient.SqlClient
      const rows = yield* sql<{ readonly user_id: string }>`SELECT user_id FROM subscriptions`
      expect(rows.map((row) => row.user_id)).toEqual([owner.id])
    }).pipe(Effect.provide(layer)))

  it.effect("a channel whose moderator row can't be written is not stored at all", () =>
    Effect.gen(function*() {
      yield* seedUsers(owner)
      const sql = yield* SqlClient.SqlClient
      // A leftover moderator row makes the second statement of create fail.
      yield* sql`PRAGMA foreign_keys = OFF`
      yield* sql`INSERT INTO channel_moderators (channel_id, user_id, created_at) VALUES (${general.id}, ${owner.id}, 0)`
      yield* sql`PRAGMA foreign_keys = ON`
      yield* expectDefect((yield* ChannelRepo).create(general))
      expect(yield* sql`SELECT id FROM channels`).toEqual([])
      expect(yield* (yield* ChannelRepo).findByName(general.name)).toEqual(Option.none())
    }).pipe(Effect.provide(layer)))

  it.effect("a post whose author does not exist is a defect, and the channel's post_count does not move", () =>
    Effect.gen(function*() {
      yield* seed
      yield* expectDefect((yield* PostRepo).insert(makePost("ghost", general, makeUser("ghost"))))
      const sql = yield* SqlClient.SqlClient
      expect(yield* sql`SELECT id FROM posts`).toEqual([])
      expect(yield* count("postCount")).toEqual(Option.some(0))
    }).pipe(Effect.provide(layer)))

  it.effect("posts store the author's type, copied from the users table", () =>
    Effect.gen(function*() {
      const agent = makeUser("agent", { userType: "agent" })
      yield* seed
      yield* seedUsers(agent)
      yield* (yield* PostRepo).insert(makePost("p", general, agent))
      const sql = yield* SqlClient.SqlClient
      expect(yield* sql`SELECT author_type FROM posts`).toEqual([{ author_type: "agent" }])
    }).pipe(Effect.provide(layer)))
})
