/**
 * What only the SQL search adapter can get wrong: user text reaching FTS5's
 * query language, the index keeping no copy of the text, the queries still
 * hiding deleted rows when the index is out of step, the rebuild, and the
 * migration indexing rows that existed before it.
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { ChannelRepo, CommentRepo, PostRepo, SearchRepo, searchTerms } from "@holonet/domain"
import { Cause, Effect, Exit, Layer } from "effect"
import {
  at,
  ids,
  makeAgent,
  makeChannel,
  makeComment,
  makePost,
  makeUser,
  seedAgents,
  seedUsers
} from "@holonet/domain/contracts"
import { RepositoriesSql, SearchRepoSql, Sqlite } from "../src/index.js"
import { sqliteMigrations as migrations } from "../src/migrations/sqlite/index.js"
import { matchExpression, rebuildSearchIndex } from "../src/SearchRepoSql.js"

addEqualityTesters()

const everything = { limit: 100, offset: 0 }
const database = RepositoriesSql.layer.pipe(Layer.provideMerge(Sqlite.layer(":memory:")))

const alice = makeUser("alice", { displayName: "Foo Fighter", bio: "Likes foo" })
const scout = makeAgent("scout", { description: "Finds foo papers" })
const general = makeChannel("general", alice, { title: "Foo talk", description: "All about foo" })
const post = makePost("foo", general, alice, { title: "Foo title", content: "Foo content" })
const comment = makeComment("foo", post, alice, null, { content: "Foo comment" })

const seed = Effect.gen(function*() {
  yield* seedUsers(alice)
  yield* seedAgents(scout)
  yield* (yield* ChannelRepo).create(general).pipe(Effect.orDie)
  yield* (yield* PostRepo).insert(post)
  yield* (yield* CommentRepo).insert(comment)
})

/** Every search of every type, as one list of labelled effects. */
const everySearch = (terms: ReadonlyArray<string>) =>
  Effect.map(SearchRepo, (repo) =>
    [
      ["posts", Effect.map(repo.posts(terms, everything), ids)],
      ["comments", Effect.map(repo.comments(terms, everything), ids)],
      ["channels", Effect.map(repo.channels(terms, everything), ids)],
      ["users", Effect.map(repo.users(terms, everything), ids)]
    ] as const)

const hostile: ReadonlyArray<string> = [
  "\"",
  "\"\"",
  "\"foo",
  "foo\"*",
  "*",
  "foo*",
  "NEAR(a b)",
  "NEAR(foo title, 2)",
  "a AND OR NOT",
  "foo OR",
  "NOT foo",
  "title:foo",
  "{title content}:foo",
  "-title:foo",
  "^x",
  "^foo",
  "+foo",
  "'; DROP TABLE posts; --",
  "\"); DROP TABLE posts; --",
  "(",
  ")",
  "(foo",
  "foo AND (",
  "",
  " ",
  "\u0000",
  "foo\u0000bar",
  "\uD800",
  "日本語の検索",
  "😀🚀",
  "e\u0301",
  "İstanbul ǅ ß ﬁ",
  "שלום עולם",
  "!@#$%^&*()_+-=[]{};':\",./<>?\\|`~".repeat(10).slice(0, 200)
]

describe("SearchRepoSql", () => {
  it.effect("matchExpression quotes every term as a prefix string, doubling quotes", () =>
    Effect.sync(() => {
      expect(matchExpression(["foo"])).toBe("\"foo\"*")
      expect(matchExpression(["foo", "bar"])).toBe("\"foo\"* \"bar\"*")
      expect(matchExpression(["a\"b", "NEAR(x"])).toBe("\"a\"\"b\"* \"NEAR(x\"*")
      expect(matchExpression(["foo\u0000bar"])).toBe("\"foo bar\"*")
    }))

  it.effect("hostile text, reduced to terms or passed raw, never fails a search of any type", () =>
    Effect.gen(function*() {
      yield* seed
      const failures: Array<string> = []
      for (const raw of hostile) {
        for (const [path, terms] of [["terms", searchTerms(raw)], ["raw", [raw]]] as const) {
          for (const [type, search] of yield* everySearch(terms)) {
            const exit = yield* Effect.exit(search)
            if (Exit.isFailure(exit)) {
              failures.push(`${type} ${path} ${JSON.stringify(raw)}: ${Cause.pretty(exit.cause)}`)
            }
          }
        }
      }
      // Every hostile string as the terms of one query.
      for (const [type, search] of yield* everySearch(hostile)) {
        const exit = yield* Effect.exit(search)
        if (Exit.isFailure(exit)) failures.push(`${type} all at once: ${Cause.pretty(exit.cause)}`)
      }
      expect(failures).toEqual([])

      // The tables are intact and the seeded rows are still found.
      const sql = yield* SqlClient.SqlClient
      const counted = yield* sql<{ readonly n: number }>`SELECT COUNT(*) AS n FROM posts`
      expect(counted[0]?.n).toBe(1)
      const found = yield* Effect.all((yield* everySearch(searchTerms("foo"))).map(([, search]) => search))
      // alice's display name (weight 2) and bio outweigh the agent's description (weight 1).
      expect(found).toEqual([[post.id], [comment.id], [general.id], [alice.id, scout.id]])
      // Operators are words like any other once reduced to terms.
      expect(yield* (yield* SearchRepo).posts(searchTerms("title:foo"), everything).pipe(Effect.map(ids))).toEqual([
        post.id
      ])
      expect(yield* (yield* SearchRepo).posts(searchTerms("NEAR(foo title)"), everything).pipe(Effect.map(ids)))
        .toEqual([])
    }).pipe(Effect.provide(database)))

  it.effect("no terms: nothing is found and no query is made", () =>
    Effect.gen(function*() {
      yield* seed
      const repo = yield* SearchRepo
      expect(
        yield* Effect.all([
          repo.posts([], everything),
          repo.comments([], everything),
          repo.channels([], everything),
          repo.users([], everything)
        ])
      ).toEqual([[], [], [], []])
    }).pipe(Effect.provide(database)))

  it.effect("the index keeps no copy of the text", () =>
    Effect.gen(function*() {
      yield* seed
      const sql = yield* SqlClient.SqlClient
      const stored = yield* sql<{ readonly title: string | null; readonly content: string | null }>`
        SELECT title, content FROM posts_search WHERE posts_search MATCH ${"\"foo\"*"}`
      expect(stored).toEqual([{ title: null, content: null }])
    }).pipe(Effect.provide(database)))

  it.effect("deleted rows stay hidden even when the index still lists them, and a rebuild repairs the index", () =>
    Effect.gen(function*() {
      yield* seed
      const sql = yield* SqlClient.SqlClient
      const repo = yield* SearchRepo
      expect(yield* (yield* PostRepo).softDelete(post.id, at(1))).toBe(true)
      yield* sql`UPDATE users SET is_active = 0 WHERE id = ${scout.id}`
      // Put the hidden rows back into the index, as a bug or a bad restore might.
      yield* sql`INSERT INTO posts_search (rowid, title, content) SELECT rowid, title, content FROM posts`
      yield* sql`INSERT INTO users_search (rowid, username, display_name, bio, description)
        SELECT rowid, username, display_name, bio, description FROM users WHERE id = ${scout.id}`
      expect(ids(yield* repo.posts(["foo"], everything))).toEqual([])
      expect(ids(yield* repo.comments(["foo"], everything))).toEqual([])
      expect(ids(yield* repo.users(["foo"], everything))).toEqual([alice.id])

      // An emptied index finds nothing until it is rebuilt from the tables.
      yield* sql`INSERT INTO channels_search (channels_search) VALUES ('delete-all')`
      expect(ids(yield* repo.channels(["foo"], everything))).toEqual([])
      yield* rebuildSearchIndex
      expect(ids(yield* repo.channels(["foo"], everything))).toEqual([general.id])
      const indexed = yield* sql<{ readonly n: number }>`SELECT
        (SELECT COUNT(*) FROM posts_search WHERE posts_search MATCH ${"\"foo\"*"}) +
        (SELECT COUNT(*) FROM users_search WHERE users_search MATCH ${"\"foo\"*"}) AS n`
      // Only alice is left: the deleted post and the deactivated agent are out.
      expect(indexed[0]?.n).toBe(1)
    }).pipe(Effect.provide(database)))

  it.effect("migrating a database that already has rows indexes them, leaving out hidden ones", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const before = Object.fromEntries(Object.entries(migrations).filter(([id]) => id < "0007"))
      yield* Migrator.make({})({ loader: Migrator.fromRecord(before) })
      expect(yield* sql`SELECT name FROM sqlite_master WHERE name = 'posts_search'`).toEqual([])

      yield* sql`INSERT INTO users (id, username, username_key, display_name, bio, user_type, karma, created_at)
        VALUES ('u1', 'old_timer', 'old_timer', 'Ancient Mariner', 'Sails the albatross seas', 'human', 0, 0)`
      yield* sql`INSERT INTO users (id, username, username_key, user_type, karma, created_at, description, is_active)
        VALUES ('a1', 'retired_bot', 'retired_bot', 'agent', 0, 0, 'Albatross spotter', 0)`
      yield* sql`INSERT INTO channels (id, name, title, description, created_by, created_at)
        VALUES ('c1', 'sailing', 'Sailing', 'Albatross sightings', 'u1', 0)`
      yield* sql`INSERT INTO posts (id, channel_id, author_id, author_type, title, content, created_at, updated_at)
        VALUES ('p1', 'c1', 'u1', 'human', 'Albatross log', 'Seen at dawn', 0, 0)`
      yield* sql`INSERT INTO posts (id, channel_id, author_id, author_type, title, content, created_at, updated_at,
          deleted_at)
        VALUES ('p2', 'c1', 'u1', 'human', 'Albatross rumour', 'Retracted', 0, 0, 1)`
      yield* sql`INSERT INTO comments (id, post_id, author_id, content, depth, created_at, updated_at)
        VALUES ('k1', 'p1', 'u1', 'An albatross indeed', 0, 0, 0)`
      yield* sql`INSERT INTO comments (id, post_id, author_id, content, depth, created_at, updated_at, deleted_at)
        VALUES ('k2', 'p1', 'u1', 'Albatross gone', 0, 0, 0, 1)`

      const ran = yield* Migrator.make({})({ loader: Migrator.fromRecord(migrations) })
      expect(ran.map(([, name]) => name)).toContain("search")

      const found = yield* Effect.gen(function*() {
        const repo = yield* SearchRepo
        const terms = searchTerms("albatross")
        return yield* Effect.all([
          Effect.map(repo.posts(terms, everything), ids),
          Effect.map(repo.comments(terms, everything), ids),
          Effect.map(repo.channels(terms, everything), ids),
          Effect.map(repo.users(terms, everything), ids)
        ])
      }).pipe(Effect.provide(SearchRepoSql.layer))
      expect(found).toEqual([["p1"], ["k1"], ["c1"], ["u1"]])
      // Only visible rows went in: the hidden ones aren't merely filtered out.
      const indexed = yield* sql<{ readonly n: number }>`SELECT
        (SELECT COUNT(*) FROM posts_search) + (SELECT COUNT(*) FROM comments_search) +
        (SELECT COUNT(*) FROM users_search) AS n`
      expect(indexed[0]?.n).toBe(3)
    }).pipe(Effect.provide(SqliteClient.layer({ filename: ":memory:" }).pipe(Layer.orDie))))
})
