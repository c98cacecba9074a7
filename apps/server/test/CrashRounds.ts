/**
 * For CrashDurability*.test.ts: rounds of "start a server process on one
 * database, send a burst of posts, comments and votes with about ten in
 * flight, SIGKILL it after some answers", and after each kill, on a fresh
 * connection (what the next start opens): every write answered 2xx is in
 * the database, and `Invariants.check` (pnpm check-db) finds nothing.
 *
 * Each (voter, item) pair is voted on once ever, so an answered vote fixes
 * the pair's stored value whatever else was in flight.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { expect } from "@effect/vitest"
import { Invariants } from "@holonet/sql-adapter"
import { Deferred, Effect, Either, Fiber, type Layer, Ref, Schema } from "effect"
import { type Answer, type ConnectionFailed, type Processes, signUp, start } from "./ServerProcesses.js"

export interface CrashOptions {
  /** The server processes' environment: DATABASE_URL and whatever else. */
  readonly env: Record<string, string>
  /** A client on the database, built after each kill. */
  readonly inspect: Layer.Layer<SqlClient.SqlClient, unknown>
  readonly rounds: number
  readonly burst: number
  readonly killAfter: number
  readonly inFlight: number
}

interface Written {
  readonly posts: Array<string>
  readonly comments: Array<string>
  /** Who wrote each post and comment: no one may vote on their own. */
  readonly authors: Map<string, string>
  /** `post:ID:USER` or `comment:ID:USER` → the value answered. */
  readonly votes: Map<string, number>
}

const Created = Schema.Struct({ id: Schema.String })
const Me = Schema.Struct({ id: Schema.String })

const idOf = (answer: Answer) => Schema.decodeUnknownSync(Created)(answer.body).id

/** Accounts, a channel and a first post, through a server that is then stopped cleanly. */
const prepare = (options: CrashOptions) =>
  Effect.scoped(Effect.gen(function*() {
    const processes = yield* start(1, options.env)
    const port = processes.servers[0]?.port ?? 0
    const users = yield* Effect.forEach(["crash_a", "crash_b", "crash_c", "crash_d"], (name) =>
      Effect.gen(function*() {
        const { token } = yield* signUp({ register: port, login: port }, name)
        const me = yield* processes.request(0, "GET", "/api/users/me", { token })
        return { token, id: Schema.decodeUnknownSync(Me)(me.body).id }
      }))
    const token = users[0]?.token ?? ""
    yield* processes.request(0, "POST", "/api/channels", { body: { name: "crash", title: "Crash" }, token })
    const first = yield* processes.request(0, "POST", "/api/posts", {
      body: { title: "First", content: "before any crash", channel_id: "crash" },
      token
    })
    return { users, firstPost: idOf(first) }
  }))

/** One round's requests: the i-th is a post, a comment or a vote, on what earlier rounds wrote. */
const requestFor = (
  processes: Processes,
  users: ReadonlyArray<{ readonly token: string; readonly id: string }>,
  written: Written,
  used: Set<string>,
  round: number,
  i: number
): { readonly send: Effect.Effect<Answer, ConnectionFailed>; readonly record: (answer: Answer) => void } => {
  const user = users[i % users.length] ?? { token: "", id: "" }
  const request = (method: string, path: string, body: unknown) =>
    processes.request(0, method, path, { body, token: user.token })
  const newPost = {
    send: request("POST", "/api/posts", { title: `Round ${round} post ${i}`, content: "x", channel_id: "crash" }),
    record: (answer: Answer) => {
      written.posts.push(idOf(answer))
      written.authors.set(idOf(answer), user.id)
    }
  }
  switch (i % 4) {
    case 0:
      return newPost
    case 1: {
      const post = written.posts[(round * 7 + i) % written.posts.length] ?? ""
      return {
        send: request("POST", "/api/comments", { post_id: post, content: `round ${round} comment ${i}` }),
        record: (answer) => {
          written.comments.push(idOf(answer))
          written.authors.set(idOf(answer), user.id)
        }
      }
    }
    default: {
      // A pair this voter never voted on (a repeated vote could undo it); a post when none is left.
      const kind = i % 4 === 3 && written.comments.length > 0 ? "comment" : "post"
      const items = kind === "post" ? written.posts : written.comments
      const item = items.find((id) => written.authors.get(id) !== user.id && !used.has(`${kind}:${id}:${user.id}`))
      if (item === undefined) return newPost
      const key = `${kind}:${item}:${user.id}`
      used.add(key)
      const value = (i + round) % 3 === 0 ? -1 : 1
      return {
        send: request("POST", `/api/${kind}s/${item}/vote`, { value }),
        record: () => written.votes.set(key, value)
      }
    }
  }
}

/** A burst against a fresh server on the database, killed after `killAfter` answers; answers by status. */
const round = (
  options: CrashOptions,
  prepared: Effect.Effect.Success<ReturnType<typeof prepare>>,
  written: Written,
  used: Set<string>,
  index: number
) =>
  Effect.scoped(Effect.gen(function*() {
    const processes = yield* start(1, options.env)
    const answers = yield* Ref.make(0)
    const killNow = yield* Deferred.make<void>()
    const killer = yield* Effect.fork(Effect.zipRight(Deferred.await(killNow), processes.kill(0, "SIGKILL")))
    const send = (i: number) =>
      Effect.gen(function*() {
        const { record, send } = requestFor(processes, prepared.users, written, used, index, i)
        const outcome = yield* Effect.either(send)
        if (Either.isRight(outcome) && outcome.right.status >= 200 && outcome.right.status < 300) {
          record(outcome.right)
        }
        if ((yield* Ref.updateAndGet(answers, (n) => n + 1)) === options.killAfter) {
          yield* Deferred.succeed(killNow, undefined)
        }
        return Either.isRight(outcome) ? outcome.right.status : outcome.left._tag
      })
    const statuses = yield* Effect.forEach(Array.from({ length: options.burst }, (_, i) => i), send, {
      concurrency: options.inFlight
    })
    // Killed by the signal, not exited on its own.
    expect(yield* Fiber.join(killer)).toBeNull()
    return statuses
  }))

/** Every answered write is stored, and the invariants hold. */
const verify = (written: Written) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const posts = yield* sql<{ id: string }>`SELECT id FROM posts WHERE ${sql.in("id", written.posts)}`
    expect(posts.length).toBe(written.posts.length)
    if (written.comments.length > 0) {
      const comments = yield* sql<{ id: string }>`SELECT id FROM comments WHERE ${sql.in("id", written.comments)}`
      expect(comments.length).toBe(written.comments.length)
    }
    const votes = yield* sql<{ key: string; value: number }>`
      SELECT 'post:' || post_id || ':' || user_id AS ${sql("key")}, value FROM post_votes
      UNION ALL SELECT 'comment:' || comment_id || ':' || user_id, value FROM comment_votes`
    const stored = new Map(votes.map((vote) => [vote.key, Number(vote.value)]))
    const missing = [...written.votes].filter(([key, value]) => stored.get(key) !== value)
    expect(missing).toEqual([])
    expect(yield* Invariants.check()).toEqual([])
  })

/** Runs the rounds; answers how many writes were answered and how many requests in all got no answer. */
export const crashRounds = (options: CrashOptions) =>
  Effect.gen(function*() {
    const prepared = yield* prepare(options)
    const written: Written = {
      posts: [prepared.firstPost],
      comments: [],
      authors: new Map([[prepared.firstPost, prepared.users[0]?.id ?? ""]]),
      votes: new Map()
    }
    const used = new Set<string>()
    let unanswered = 0
    for (let index = 0; index < options.rounds; index++) {
      const statuses = yield* round(options, prepared, written, used, index)
      // Nothing but success before the kill, and no answer once it is dead.
      for (const status of statuses) expect([200, 201, "ConnectionFailed"]).toContain(status)
      unanswered += statuses.filter((status) => status === "ConnectionFailed").length
      yield* Effect.scoped(Effect.provide(verify(written), options.inspect))
    }
    return { posts: written.posts.length, comments: written.comments.length, votes: written.votes.size, unanswered }
  })
