/**
 * Requests with an `Idempotency-Key`, and the scenario every server runs
 * (in memory, SQLite, PostgreSQL): twenty identical posts sent at once with
 * one key create exactly one post, and a retry afterwards replays it.
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { createChannel, get, type Reply, send, signUp, str } from "./Http.js"

/** A JSON request (`body` undefined: none) carrying `key`, as `token` when given. */
export const sendKeyed = (
  method: "POST" | "PATCH" | "DELETE",
  path: string,
  key: string,
  body?: unknown,
  token?: string
) => {
  const base = HttpClientRequest.make(method)(path).pipe(HttpClientRequest.setHeader("idempotency-key", key))
  const withBody = body === undefined ? base : HttpClientRequest.bodyUnsafeJson(base, body)
  return send(token === undefined ? withBody : HttpClientRequest.bearerToken(withBody, token))
}

export const replayedHeader = "idempotent-replayed"

const Listed = Schema.Array(Schema.Struct({ id: Schema.String, title: Schema.String }))

/** The posts of `channel`, newest first. */
export const postsIn = (channel: string) =>
  Effect.flatMap(
    get(`/api/posts?channel=${channel}&limit=100`),
    (reply: Reply) => Schema.decodeUnknown(Listed)(reply.body)
  )

export interface BurstOutcome {
  readonly created: number
  readonly inUse: number
  readonly others: ReadonlyArray<number>
  readonly postsStored: number
}

/**
 * Twenty identical POST /api/posts with one key, at once: the answers are
 * 201 (the one that ran, or a replay of it once it finished) and 409 (it
 * was still running); exactly one post is stored, and a retry afterwards is
 * the kept answer, replayed.
 */
export const burstWithOneKey = Effect.gen(function*() {
  const author = yield* signUp("burster")
  yield* createChannel(author.token, "burst")
  const body = { title: "Once only", content: "Sent twenty times", channel_id: "burst" }
  const replies = yield* Effect.all(
    Array.from({ length: 20 }, () => sendKeyed("POST", "/api/posts", "burst-key-1", body, author.token)),
    { concurrency: "unbounded" }
  )
  const stored = yield* postsIn("burst")
  const retry = yield* sendKeyed("POST", "/api/posts", "burst-key-1", body, author.token)
  expect(retry.status, retry.text).toBe(201)
  expect(retry.headers[replayedHeader]).toBe("true")
  expect(stored.map((post) => post.id)).toEqual([str(retry, "id")])
  return {
    created: replies.filter((reply) => reply.status === 201).length,
    inUse: replies.filter((reply) => reply.status === 409).length,
    others: replies.filter((reply) => reply.status !== 201 && reply.status !== 409).map((reply) => reply.status),
    postsStored: stored.length
  } satisfies BurstOutcome
})
