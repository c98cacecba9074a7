/**
 * Idempotent retries on the server as wired for production, on PostgreSQL:
 * twenty identical requests at once with one key store one post, and two
 * servers on one database share the kept answers (a retry that reaches
 * another process is still a replay).
 */
import { describe, expect, it } from "@effect/vitest"
import { burstWithOneKey, createChannel, replayedHeader, sendKeyed, signUp } from "@holonet/http-adapter/testing"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { Effect, Redacted } from "effect"
import { onServer } from "./InProcessServer.js"

describe("idempotent retries on the server (PostgreSQL)", () => {
  it.live("twenty identical requests at once with one key store exactly one post", () =>
    Effect.scoped(Effect.gen(function*() {
      const url = Redacted.value(yield* TempDatabasePg.url)
      const outcome = yield* onServer(url, burstWithOneKey, { DATABASE_POOL_SIZE: "10" })
      expect(outcome.postsStored).toBe(1)
      expect(outcome.others).toEqual([])
      expect(outcome.created + outcome.inUse).toBe(20)
    })))

  it.live("a retry that reaches another server process on the same database is replayed", () =>
    Effect.scoped(Effect.gen(function*() {
      const url = Redacted.value(yield* TempDatabasePg.url)
      const body = { title: "Once", content: "Across processes", channel_id: "general" }
      const first = yield* onServer(
        url,
        Effect.gen(function*() {
          const alice = yield* signUp("alice")
          yield* createChannel(alice.token, "general")
          const reply = yield* sendKeyed("POST", "/api/posts", "cross-process", body, alice.token)
          return { token: alice.token, reply }
        })
      )
      expect(first.reply.status).toBe(201)
      const again = yield* onServer(url, sendKeyed("POST", "/api/posts", "cross-process", body, first.token))
      expect(again.status).toBe(201)
      expect(again.headers[replayedHeader]).toBe("true")
      expect(again.text).toBe(first.reply.text)
    })))
})
