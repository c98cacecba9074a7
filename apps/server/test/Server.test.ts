// The whole server as it is wired for production, on a real SQLite file.
import { describe, expect, it } from "@effect/vitest"
import { AccessTokenBody } from "@holonet/http-adapter"
import { concurrencyScenario, exactOutcome } from "@holonet/http-adapter/testing"
import * as SqlClient from "@effect/sql/SqlClient"
import { Sqlite } from "@holonet/sql-adapter"
import { Effect, Schema } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { onServer, start } from "./InProcessServer.js"

/** Runs `use` against a freshly started server on the SQLite file, then stops it. */
const withServer = <A>(databaseFile: string, use: (base: string) => Promise<A>) =>
  Effect.scoped(Effect.flatMap(start(`sqlite:${databaseFile}`), (base) => Effect.promise(() => use(base))))

const json = async (response: Response) => ({ status: response.status, body: await response.json() })

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  }).then(json)

const get = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } }).then(json)

const tokenOf = async (base: string, username: string) => {
  expect((await post(`${base}/api/users`, { username, password: "correct-horse" })).status).toBe(201)
  const login = await post(`${base}/api/auth/login`, { username, password: "correct-horse" })
  return Schema.decodeUnknownSync(AccessTokenBody)(login.body).access_token
}

/**
 * The reader's notifications once there are `count` of them. The worker runs
 * on its own fiber, so this asks again (a bounded number of times, no timer)
 * until it has caught up; a worker that never does fails the expectation.
 */
const NotificationList = Schema.Array(Schema.Struct({ id: Schema.String, kind: Schema.String }))

const notificationsOnce = async (base: string, token: string, count: number) => {
  const read = async () =>
    Schema.decodeUnknownSync(NotificationList)((await get(`${base}/api/notifications`, token)).body)
  let listed = await read()
  for (let attempt = 0; attempt < 2000 && listed.length < count; attempt++) listed = await read()
  return listed
}

describe("server", () => {
  it.live("/skill.md and /llms.txt tell PUBLIC_URL, the limits configured and that no AI provider is set", () =>
    Effect.scoped(Effect.gen(function*() {
      const base = yield* start("sqlite::memory:", {
        PUBLIC_URL: "https://agents.example/",
        RATE_LIMITS: "on",
        RATE_LIMIT_POST: "9/h",
        MAX_BODY_BYTES: "4096"
      })
      const skill = yield* Effect.promise(() => fetch(`${base}/skill.md`))
      expect(skill.status).toBe(200)
      expect(skill.headers.get("content-type")).toBe("text/markdown; charset=utf-8")
      const text = yield* Effect.promise(() => skill.text())
      expect(text).toContain("https://agents.example/api/agents")
      expect(text).not.toContain("127.0.0.1")
      expect(text).toContain("| `POST` | new posts, hosted-agent posts | 9/h (9 per hour) |")
      expect(text).toContain("at most 4096 bytes (4 KiB)")
      expect(text).toContain("No model provider is configured")
      expect(text).toContain("https://agents.example/mcp")
      expect(text).toContain("## Webhooks")
      const llms = yield* Effect.promise(() => fetch(`${base}/llms.txt`).then((response) => response.text()))
      expect(llms).toContain("[skill.md](https://agents.example/skill.md)")
    })))

  it.live("the web pages are served by the production server, gzipped, with their security headers", () =>
    Effect.scoped(Effect.gen(function*() {
      const base = yield* start("sqlite::memory:", { RATE_LIMITS: "on" })
      const token = yield* Effect.promise(() => tokenOf(base, "alice"))
      expect(
        (yield* Effect.promise(() => post(`${base}/api/channels`, { name: "general", title: "General" }, token)))
          .status
      ).toBe(201)
      const created = yield* Effect.promise(() =>
        post(`${base}/api/posts`, { title: "<b>Hello</b> people", content: "x", channel_id: "general" }, token)
      )
      expect(created.status).toBe(201)
      for (const path of ["/", "/c/general", "/u/alice", "/search?q=hello"]) {
        // fetch asks for gzip and undoes it; the headers must survive the middleware either way.
        const page = yield* Effect.promise(() => fetch(`${base}${path}`))
        expect(page.status, path).toBe(200)
        expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8")
        expect(page.headers.get("content-security-policy")).toContain("default-src 'none'")
        expect(page.headers.get("x-content-type-options")).toBe("nosniff")
        expect(page.headers.get("referrer-policy")).toBe("same-origin")
        expect(page.headers.get("x-request-id")).not.toBeNull()
        const text = yield* Effect.promise(() => page.text())
        if (path !== "/u/alice") expect(text, path).toContain("&lt;b&gt;Hello&lt;/b&gt; people")
      }
      const missing = yield* Effect.promise(() => fetch(`${base}/p/nope`))
      expect(missing.status).toBe(404)
      expect(missing.headers.get("content-type")).toBe("text/html; charset=utf-8")
      expect((yield* Effect.promise(() => fetch(`${base}/api/posts`))).headers.get("content-type")).toContain(
        "application/json"
      )
    })))

  it.live("a restart keeps every post (file database)", () =>
    Effect.gen(function*() {
      const file = join(mkdtempSync(join(tmpdir(), "holonet-server-")), "nested", "holonet.db")
      const created = yield* withServer(file, async (base) => {
        expect((await json(await fetch(`${base}/health/ready`))).status).toBe(200)
        expect((await post(`${base}/api/users`, { username: "alice", password: "correct-horse" })).status).toBe(201)
        const login = await post(`${base}/api/auth/login`, { username: "alice", password: "correct-horse" })
        const token = Schema.decodeUnknownSync(AccessTokenBody)(login.body).access_token
        expect((await post(`${base}/api/channels`, { name: "general", title: "General" }, token)).status).toBe(201)
        const posts = []
        for (const title of ["one", "two", "three"]) {
          const made = await post(`${base}/api/posts`, { title, content: title, channel_id: "general" }, token)
          expect(made.status).toBe(201)
          posts.push(made.body)
        }
        return { posts, token }
      })
      yield* withServer(file, async (base) => {
        const listed = await json(await fetch(`${base}/api/posts?channel=general`))
        expect(listed.body).toEqual([...created.posts].reverse())
        // The signing key came from SECRET_KEY, so tokens survive the restart too.
        const me = await json(
          await fetch(`${base}/api/users/me`, { headers: { authorization: `Bearer ${created.token}` } })
        )
        expect(me.body).toMatchObject({ username: "alice", user_type: "human" })
        const channel = await json(await fetch(`${base}/api/channels/general`))
        expect(channel.body).toMatchObject({ name: "general", post_count: 3 })
      })
    }))

  it.live("concurrent votes and comments stay exact on SQLite", () =>
    Effect.gen(function*() {
      const file = join(mkdtempSync(join(tmpdir(), "holonet-burst-")), "holonet.db")
      const counts = yield* onServer(`sqlite:${file}`, concurrencyScenario("sqlite"))
      expect(counts).toEqual(exactOutcome)
    }))

  it.live("notifications come from the background worker, and an undelivered event survives a restart exactly once", () =>
    Effect.gen(function*() {
      const file = join(mkdtempSync(join(tmpdir(), "holonet-outbox-")), "holonet.db")
      const first = yield* withServer(file, async (base) => {
        const alice = await tokenOf(base, "alice")
        const bob = await tokenOf(base, "bob")
        expect((await post(`${base}/api/channels`, { name: "general", title: "General" }, alice)).status).toBe(201)
        const made = Schema.decodeUnknownSync(Schema.Struct({ id: Schema.String }))(
          (await post(`${base}/api/posts`, { title: "Hi", content: "", channel_id: "general" }, alice)).body
        )
        // The follow's event is older than the comment's, so the worker handles it first.
        const follow = await fetch(`${base}/api/users/alice/follow`, {
          method: "POST",
          headers: { authorization: `Bearer ${bob}` }
        })
        expect(follow.status).toBe(204)
        expect((await post(`${base}/api/comments`, { post_id: made.id, content: "Nice" }, bob)).status).toBe(201)
        const delivered = await notificationsOnce(base, alice, 2)
        expect(delivered.map((n) => n.kind)).toEqual(["comment_on_post", "follow"])
        return { alice, delivered }
      })

      // Back to the two states a crash can leave, with the server down: the
      // comment's event committed but never delivered, and the follow's
      // event delivered but (as if the worker died before removing it) still
      // in the outbox.
      yield* Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const rows = yield* sql<{
          readonly kind: string
          readonly outbox_id: number
          readonly comment_id: string | null
          readonly created_at: number
        }>`SELECT kind, outbox_id, comment_id, created_at FROM notifications ORDER BY outbox_id`
        expect(rows.map((row) => row.kind)).toEqual(["follow", "comment_on_post"])
        const [followed, commented] = rows
        if (followed === undefined || commented === undefined) return expect.unreachable()
        const bob = yield* sql<{ readonly id: string }>`SELECT id FROM users WHERE username = 'bob'`
        const alice = yield* sql<{ readonly id: string }>`SELECT id FROM users WHERE username = 'alice'`
        yield* sql`DELETE FROM notifications WHERE outbox_id = ${commented.outbox_id}`
        yield* sql`INSERT INTO outbox (id, kind, comment_id, created_at)
          VALUES (${commented.outbox_id}, 'comment_created', ${commented.comment_id}, ${commented.created_at})`
        yield* sql`INSERT INTO outbox (id, kind, follower_id, followee_id, created_at)
          VALUES (${followed.outbox_id}, 'followed', ${bob[0]?.id ?? ""}, ${
          alice[0]?.id ?? ""
        }, ${followed.created_at})`
      }).pipe(Effect.provide(Sqlite.layer(file)))

      yield* withServer(file, async (base) => {
        const again = await notificationsOnce(base, first.alice, 2)
        expect(again.map((n) => n.kind)).toEqual(["comment_on_post", "follow"])
        // The follow's notification is the very one from before: not delivered twice.
        expect(again[1]?.id).toBe(first.delivered[1]?.id)
      })
      const left = yield* Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        return yield* sql<{ readonly n: number }>`SELECT
          (SELECT count(*) FROM outbox) + 100 * (SELECT count(*) FROM notifications) AS n`
      }).pipe(Effect.provide(Sqlite.layer(file)))
      // An empty outbox and exactly two notifications.
      expect(left[0]?.n).toBe(200)
    }))
})
