/**
 * Rate limits over a real socket (API.md "Limits (v1.1)"): the headers on
 * every answer, the 429 with Retry-After and `retry_after`, counting per
 * principal or per client address, the probation numbers of a new agent,
 * limits off, and a refused request changing nothing. TestClock starts at 0,
 * so X-RateLimit-Reset is the seconds to the window's end.
 */
import { describe, expect, it } from "@effect/vitest"
import { TestServer } from "@holonet/http-adapter/testing"
import { Effect, TestClock } from "effect"
import { createChannel, get, items, postJson, signUp, str } from "./Http.js"
import { getFrom, limitHeaders, postFrom, serverWith } from "./RateLimitsSetup.js"

describe("rate limits", () => {
  it.effect("every answer describes its quota; past it 429 with Retry-After and retry_after", () =>
    Effect.gen(function*() {
      const first = yield* getFrom("198.51.100.1", "/api/posts")
      expect(first.status).toBe(200)
      expect(limitHeaders(first.headers)).toEqual({
        policy: "\"read\";q=3;w=60",
        limit: "\"read\";r=2;t=60",
        x: ["3", "2", "60"]
      })
      yield* TestClock.adjust("20 seconds")
      // Errors carry them too.
      const missing = yield* getFrom("198.51.100.1", "/api/posts/00000000-0000-7000-8000-000000000000")
      expect(missing.status).toBe(404)
      expect(limitHeaders(missing.headers).limit).toBe("\"read\";r=1;t=40")
      yield* getFrom("198.51.100.1", "/api/posts")
      const refused = yield* getFrom("198.51.100.1", "/api/posts")
      expect(refused.status).toBe(429)
      expect(refused.headers["retry-after"]).toBe("40")
      expect(refused.body).toEqual({
        detail: "Too many requests; retry in 40 seconds",
        code: "rate_limited",
        retry_after: 40
      })
      expect(limitHeaders(refused.headers)).toEqual({
        policy: "\"read\";q=3;w=60",
        limit: "\"read\";r=0;t=40",
        x: ["3", "0", "60"]
      })
      // Writes are another class; the window ends and reads pass again.
      expect((yield* postFrom("198.51.100.1", "/api/users", { username: "alice", password: "password123" })).status)
        .toBe(201)
      yield* TestClock.adjust("40 seconds")
      expect((yield* getFrom("198.51.100.1", "/api/posts")).status).toBe(200)
    }).pipe(Effect.provide(serverWith({ READ: "3/m" }))))

  it.effect("health probes are not counted: a load balancer is never refused", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 5; i++) {
        for (const path of ["/health", "/health/ready"]) {
          const probe = yield* getFrom("198.51.100.9", path)
          expect(probe.status).toBe(200)
          expect(probe.headers["ratelimit"]).toBeUndefined()
        }
      }
      // The address's READ budget is untouched.
      expect(limitHeaders((yield* getFrom("198.51.100.9", "/api/posts")).headers).limit).toBe("\"read\";r=1;t=60")
    }).pipe(Effect.provide(serverWith({ READ: "2/m" }))))

  it.effect("per principal with a token, per client address without; where two classes apply, the tighter", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* getFrom("198.51.100.1", "/api/posts")
      yield* getFrom("198.51.100.1", "/api/posts")
      expect((yield* getFrom("198.51.100.1", "/api/posts")).status).toBe(429)
      // Alice, from the same address, has her own budget, whatever address she uses.
      expect((yield* getFrom("198.51.100.1", "/api/users/me", alice.token)).status).toBe(200)
      expect((yield* getFrom("198.51.100.2", "/api/users/me", alice.token)).status).toBe(200)
      expect((yield* getFrom("198.51.100.3", "/api/users/me", alice.token)).status).toBe(429)
      // Another address has its own.
      expect((yield* getFrom("198.51.100.4", "/api/posts")).status).toBe(200)
      // A post is WRITE (120/m) and POST (30/h): the headers describe POST, closer to running out.
      yield* createChannel(alice.token, "general")
      const post = yield* postFrom("198.51.100.1", "/api/posts", {
        title: "Hello",
        content: "",
        channel_id: "general"
      }, alice.token)
      expect(post.status).toBe(201)
      expect(limitHeaders(post.headers).policy).toBe("\"post\";q=30;w=3600")
      expect(limitHeaders(post.headers).limit).toBe("\"post\";r=29;t=3600")
    }).pipe(Effect.provide(serverWith({ READ: "2/m" }))))

  it.effect("a new agent has the probation numbers; the refused post is not stored", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      const bot = yield* postJson("/api/agents", { username: "newbie" })
      const key = str(bot, "api_key")
      const write = (title: string) => postJson("/api/posts", { title, content: "", channel_id: "general" }, key)
      for (let i = 1; i <= 5; i++) {
        const reply = yield* write(`post ${i}`)
        expect(reply.status).toBe(201)
        expect(limitHeaders(reply.headers).policy).toBe("\"post\";q=5;w=3600")
      }
      const refused = yield* write("one too many")
      expect(refused.status).toBe(429)
      expect(refused.headers["retry-after"]).toBe("3600")
      const titles = items(yield* get("/api/posts?sort=new&limit=100")).map((p) => p["title"])
      expect(titles).toHaveLength(5)
      expect(titles).not.toContain("one too many")
      // A human has the table's 30.
      const human = yield* postJson(
        "/api/posts",
        { title: "by alice", content: "", channel_id: "general" },
        alice.token
      )
      expect(limitHeaders(human.headers).policy).toBe("\"post\";q=30;w=3600")
      // CHANNEL is 1 an hour for it, not 5.
      const channel = yield* postJson("/api/channels", { name: "bots", title: "Bots" }, key)
      expect(channel.status).toBe(201)
      expect(limitHeaders(channel.headers).policy).toBe("\"channel\";q=1;w=3600")
      const second = yield* postJson("/api/channels", { name: "bots2", title: "Bots" }, key)
      expect(second.status).toBe(429)
      expect((yield* get("/api/channels/bots2")).status).toBe(404)
    }).pipe(Effect.provide(serverWith())))

  it.effect("a request refused by WRITE runs nothing", () =>
    Effect.gen(function*() {
      // Register and login were anonymous writes, from the test's address; alice has her own two.
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "first")
      yield* createChannel(alice.token, "second")
      const refused = yield* postJson("/api/channels", { name: "general", title: "General" }, alice.token)
      expect(refused.status).toBe(429)
      expect(refused.body).toMatchObject({ code: "rate_limited" })
      expect((yield* get("/api/channels/general")).status).toBe(404)
    }).pipe(Effect.provide(serverWith({ WRITE: "2/m" }))))

  it.effect("limits off (the test server's default, RATE_LIMITS=off): no headers, no 429", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 15; i++) {
        const reply = yield* postJson("/api/agents", { username: `bot-${i}` })
        expect(reply.status).toBe(201)
        expect(reply.headers["ratelimit"]).toBeUndefined()
        expect(reply.headers["x-ratelimit-limit"]).toBeUndefined()
      }
    }).pipe(Effect.provide(TestServer.layer())))
})
