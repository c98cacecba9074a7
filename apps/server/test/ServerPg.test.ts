/**
 * The whole server as it is wired for production, on PostgreSQL: a database
 * of its own per test (`@holonet/sql-adapter/testing`), a pool of ten
 * connections, and the bursts the SQLite run survives plus a few more, over
 * a real socket. Under READ COMMITTED every burst must still count exactly
 * and answer with its usual status, never a 500.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import {
  concurrencyScenario,
  exactOutcome,
  createChannel,
  createPost,
  del,
  get,
  postEmpty,
  postJson,
  signUp
} from "@holonet/http-adapter/testing"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { Effect, Redacted, Schema } from "effect"
import { onServer } from "./InProcessServer.js"

/** Runs `scenario` with an HttpClient aimed at a server started on a new PostgreSQL database (a pool of ten). */
const onPgServer = <A, E>(scenario: Effect.Effect<A, E, HttpClient.HttpClient>) =>
  Effect.scoped(
    Effect.flatMap(
      TempDatabasePg.url,
      (url) => onServer(Redacted.value(url), scenario, { DATABASE_POOL_SIZE: "10" })
    )
  )

const Tally = Schema.Struct({ upvotes: Schema.Int, downvotes: Schema.Int, score: Schema.Int })
const Karma = Schema.Struct({ karma: Schema.Int })
const Users = Schema.Array(Schema.Struct({ username: Schema.String }))
const Created = Schema.Struct({ id: Schema.String })

const decode = <A, I>(schema: Schema.Schema<A, I>) => (reply: { readonly body: unknown }) =>
  Schema.decodeUnknown(schema)(reply.body)

const all = <A, E, R>(effects: Iterable<Effect.Effect<A, E, R>>) => Effect.all(effects, { concurrency: "unbounded" })

const countOf = (statuses: ReadonlyArray<number>) => {
  const counts: Record<number, number> = {}
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1
  return counts
}

describe("server on PostgreSQL", () => {
  it.live("concurrent votes and comments stay exact with a pool of ten", () =>
    Effect.gen(function*() {
      const counts = yield* onPgServer(concurrencyScenario("postgres"))
      expect(counts).toEqual(exactOutcome)
    }))

  it.live("registrations, follows, vote changes and comment votes at once stay exact, never a 500", () =>
    onPgServer(Effect.gen(function*() {
      // One username claimed twenty times at once: one account, nineteen conflicts.
      const claims = yield* all(
        Array.from({ length: 20 }, () => postJson("/api/users", { username: "contested", password: "password123" }))
      )
      expect(countOf(claims.map((r) => r.status))).toEqual({ 201: 1, 409: 19 })

      const author = yield* signUp("pg_author")
      const crowd = yield* Effect.all(Array.from({ length: 30 }, (_, i) => signUp(`pg_fan${i}`)), { concurrency: 10 })
      const fan = crowd[0] ?? (yield* Effect.dieMessage("no fans"))

      // Thirty followers at once, and one of them following ten times more: thirty follows.
      const follows = yield* all([
        ...crowd.map((f) => postEmpty("/api/users/pg_author/follow", f.token)),
        ...Array.from({ length: 10 }, () => postEmpty("/api/users/pg_author/follow", fan.token))
      ])
      expect(countOf(follows.map((r) => r.status))).toEqual({ 204: 40 })
      const followers = yield* decode(Users)(yield* get("/api/users/pg_author/followers?limit=100"))
      expect(new Set(followers.map((u) => u.username)).size).toBe(30)
      expect(followers.length).toBe(30)

      // Follow and unfollow interleaved: every request succeeds, and the
      // follow is there once or not at all.
      const toggles = yield* all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 === 0
            ? postEmpty("/api/users/pg_author/follow", fan.token)
            : del("/api/users/pg_author/follow", fan.token))
      )
      expect(countOf(toggles.map((r) => r.status))).toEqual({ 204: 20 })
      const after = yield* decode(Users)(yield* get("/api/users/pg_author/followers?limit=100"))
      expect(after.filter((u) => u.username === fan.user["username"]).length).toBeLessThanOrEqual(1)
      expect(after.length - after.filter((u) => u.username === fan.user["username"]).length).toBe(29)

      // Everyone votes up, then everyone changes to down at once.
      yield* createChannel(author.token, "pg-burst")
      const post = yield* Schema.decodeUnknown(Created)(yield* createPost(author.token, "pg-burst", "Change your mind"))
      const ups = yield* all(crowd.map((f) => postJson(`/api/posts/${post.id}/vote`, { value: 1 }, f.token)))
      expect(countOf(ups.map((r) => r.status))).toEqual({ 200: 30 })
      const downs = yield* all(crowd.map((f) => postJson(`/api/posts/${post.id}/vote`, { value: -1 }, f.token)))
      expect(countOf(downs.map((r) => r.status))).toEqual({ 200: 30 })
      const tally = yield* decode(Tally)(yield* get(`/api/posts/${post.id}`))
      expect(tally).toEqual({ upvotes: 0, downvotes: 30, score: -30 })

      // Twenty votes at once on the author's own comment: karma is -30 + 20.
      const comment = yield* decode(Created)(
        yield* postJson("/api/comments", { post_id: post.id, content: "Vote on me too" }, author.token)
      )
      const commentVotes = yield* all(
        crowd.slice(0, 20).map((f) => postJson(`/api/comments/${comment.id}/vote`, { value: 1 }, f.token))
      )
      expect(countOf(commentVotes.map((r) => r.status))).toEqual({ 200: 20 })
      const commentTally = yield* decode(Tally)(yield* get(`/api/comments/${comment.id}`))
      expect(commentTally).toEqual({ upvotes: 20, downvotes: 0, score: 20 })
      const karma = yield* decode(Karma)(yield* get("/api/users/pg_author"))
      expect(karma.karma).toBe(-10)
    })))
})
