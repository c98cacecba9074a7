/**
 * For DatabaseCopyPg.test.ts: a SQLite database filled through the real
 * server (humans, agents, a channel, posts, a thread, votes, a follow,
 * delivered notifications, a rate-limit window, a kept idempotent answer), plus what only a hosted
 * agent or a crash leaves (a run, a heartbeat lease, an undelivered outbox
 * event), a webhook with a failed delivery, and the
 * server started on any DATABASE_URL with an HttpClient aimed at it.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { HeartbeatLeaseRepo, Run, RunRepo, UserId, Webhook, WebhookId, WebhookRepo } from "@holonet/domain"
import {
  createChannel,
  createPost,
  get,
  postEmpty,
  postJson,
  type Reply,
  sendKeyed,
  signUp,
  str
} from "@holonet/http-adapter/testing"
import { CopyPlan, HeartbeatLeaseRepoSql, RunRepoSql, Sqlite, WebhookRepoSql } from "@holonet/sql-adapter"
import { DateTime, Effect, Option, Redacted, Schema } from "effect"
import * as InProcessServer from "./InProcessServer.js"

/** Runs `scenario` against a server started on `databaseUrl` (no scheduler; limits on, so `rate_limits` has rows to copy), stopped afterwards. */
export const onServer = <A, E, R>(databaseUrl: string, scenario: Effect.Effect<A, E, R>) =>
  InProcessServer.onServer(databaseUrl, scenario, { AGENT_SCHEDULER: "false", RATE_LIMITS: "on" })

const expect201 = <E, R>(request: Effect.Effect<Reply, E, R>) =>
  Effect.flatMap(request, (reply) =>
    reply.status === 201 || reply.status === 200 || reply.status === 204
      ? Effect.succeed(reply)
      : Effect.dieMessage(`expected success, got ${reply.status} ${reply.text}`))

/** The reader's notifications once there are at least `count` (the worker runs on its own fiber). */
export const notificationsOnce = (token: string, count: number) =>
  Effect.gen(function*() {
    for (let attempt = 0; attempt < 2000; attempt++) {
      const listed = yield* get("/api/notifications?limit=100", token)
      if (Array.isArray(listed.body) && listed.body.length >= count) return listed.body
    }
    return yield* Effect.dieMessage(`fewer than ${count} notifications after 2000 reads`)
  })

const idIn = (record: Record<string, unknown>) => String(record["id"])

/** Fills the database through the API; returns the credentials and answers to compare after the copy. */
export const seed = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  // A self-registered agent (no owner) and one alice owns (copied after her).
  const scout = yield* expect201(postJson("/api/agents", { username: "scout", description: "Finds posts" }))
  const helper = yield* expect201(postJson("/api/agents", { username: "helper" }, alice.token))
  const scoutKey = str(scout, "api_key")
  const helperKey = str(helper, "api_key")

  yield* createChannel(alice.token, "general")
  yield* expect201(sendKeyed("POST", "/api/channels/general/subscription", "seed-subscribe", undefined, bob.token))
  const lighthouse = idIn(yield* createPost(alice.token, "general", "Lighthouse keepers unite"))
  const second = idIn(yield* createPost(bob.token, "general", "Second thoughts"))
  yield* createPost(scoutKey, "general", "An agent's report", "beep")

  yield* expect201(postJson(`/api/posts/${lighthouse}/vote`, { value: 1 }, bob.token))
  yield* expect201(postJson(`/api/posts/${lighthouse}/vote`, { value: 1 }, helperKey))
  yield* expect201(postJson(`/api/posts/${second}/vote`, { value: -1 }, scoutKey))

  const first = str(
    yield* expect201(postJson("/api/comments", { post_id: lighthouse, content: "Well lit" }, bob.token)),
    "id"
  )
  const reply = str(
    yield* expect201(
      postJson("/api/comments", { post_id: lighthouse, parent_id: first, content: "Thanks" }, alice.token)
    ),
    "id"
  )
  yield* expect201(postJson("/api/comments", { post_id: lighthouse, parent_id: reply, content: "Agreed" }, scoutKey))
  yield* expect201(postJson(`/api/comments/${first}/vote`, { value: 1 }, alice.token))
  yield* expect201(postEmpty("/api/users/alice/follow", bob.token))

  // alice: bob's comment on her post, scout's reply to her comment, bob's follow; bob: alice's reply.
  const aliceNotifications = yield* notificationsOnce(alice.token, 3)
  yield* notificationsOnce(bob.token, 1)

  const hot = (yield* get("/api/posts?sort=hot&limit=50")).body
  const post = (yield* get(`/api/posts/${lighthouse}`)).body
  return { alice, bob, scoutKey, helperKey, lighthouse, hot, post, aliceNotifications: aliceNotifications.length }
})

const decodeRun = Schema.decodeUnknown(Run)

/**
 * What the API cannot make without a language model or a crash: a run of
 * helper's and its scheduler lease (through the SQL repositories) and a
 * follow event still in the outbox, as if the worker had not reached it yet.
 */
export const addRunAndPendingEvent = (file: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const ids = yield* sql<{ readonly id: string; readonly username: string }>`
      SELECT id, username FROM users WHERE username IN ('helper', 'scout', 'alice')`
    const idOf = (username: string) => ids.find((row) => row.username === username)?.id ?? ""
    const run = yield* decodeRun({
      id: "01a2430c-0000-7000-8000-000000000001",
      agent_id: idOf("helper"),
      kind: "post",
      tier: "chat",
      model: "gpt-5-chat",
      input_tokens: 321,
      output_tokens: 123,
      latency_millis: 812.3456789012345,
      outcome: "ok",
      detail: null,
      created_at: "2026-12-01T10:00:00.000Z"
    })
    yield* Effect.flatMap(RunRepo, (runs) => runs.record(run)).pipe(Effect.provide(RunRepoSql.layer))
    // The scheduler's state for helper: a failed heartbeat an hour ago, then
    // a lease held by a process that is gone.
    yield* Effect.gen(function*() {
      const leases = yield* HeartbeatLeaseRepo
      const helper = UserId.make(idOf("helper"))
      const attempt = { startedAt: Date.now() - 3_600_000, failures: 2 }
      yield* leases.acquire(helper, "earlier-process", Option.none(), attempt.startedAt, attempt.startedAt + 60_000)
      yield* leases.release(helper, "earlier-process", attempt)
      yield* leases.acquire(helper, "old-process", Option.some(attempt), Date.now(), Date.now() + 60_000)
    }).pipe(Effect.provide(HeartbeatLeaseRepoSql.layer))
    yield* sql`INSERT INTO outbox (kind, follower_id, followee_id, created_at)
      VALUES ('followed', ${idOf("scout")}, ${idOf("alice")}, ${Date.now()})`
    // A webhook of alice's with a ping that failed once (the server's
    // transport is not configured, so the API cannot register one).
    yield* Effect.gen(function*() {
      const webhooks = yield* WebhookRepo
      const webhook = new Webhook({
        id: WebhookId.make("01a2430c-0000-7000-8000-0000000000a1"),
        url: "https://hooks.example.com/alice",
        events: ["follow"],
        description: "copied",
        active: true,
        failureCount: 0,
        lastSuccessAt: null,
        createdAt: DateTime.unsafeMake(Date.now())
      })
      yield* webhooks.insert(webhook, UserId.make(idOf("alice")), Redacted.make("whsec_copied"), 5)
      yield* webhooks.enqueue(
        { webhookId: webhook.id, eventId: "ping-copied", eventType: "ping", body: "{}" },
        Date.now()
      )
      const [due] = yield* webhooks.claim(1, Date.now(), Date.now() + 60_000)
      if (due !== undefined) {
        yield* webhooks.record(due.id, {
          _tag: "Failed",
          statusCode: 503,
          error: "HTTP 503",
          at: Date.now(),
          nextAttemptAt: Date.now() + 3_600_000
        })
      }
    }).pipe(Effect.provide(WebhookRepoSql.layer))
  }).pipe(Effect.provide(Sqlite.layer(file)))

/** Rows per planned table, as one database holds them. */
export const tableCounts = (sql: SqlClient.SqlClient) =>
  Effect.forEach(CopyPlan.copiedTables, (table) =>
    Effect.map(
      sql<{ readonly n: number | string }>`SELECT count(*) AS n FROM ${sql(table.name)}`,
      (rows) => [table.name, Number(rows[0]?.n ?? -1)] as const
    )).pipe(Effect.map((entries) => Object.fromEntries(entries)))
