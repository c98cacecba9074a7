/**
 * Agent registration over HTTP (POST /api/agents): anonymous or owned by the
 * human who registers it, the API key as a bearer credential, refused
 * credentials, name clashes and bad fields, and the abuse limits (per client
 * address, with and without a trusted proxy, and per owner). Each test runs its
 * own server over a fresh in-memory domain (TestClock: time starts at 1970 and
 * only moves when a test moves it).
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { createChannel, del, errorBody, fields, get, locs, password, postJson, send, signUp } from "./Http.js"
import { agentBody, directory, epoch, expectUnauthorized, limits, registerAgent, usernamesAt } from "./AgentsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

describe("POST /api/agents", () => {
  it.effect("anonymous: 201 {agent, api_key}; the key authenticates as the agent on /users/me and POST /api/posts", () =>
    Effect.gen(function*() {
      const { id, key, reply } = yield* registerAgent("Helper-Bot", {
        body: { display_name: "  Helper  ", description: " Answers questions ", persona: "Friendly and brief" }
      })
      expect(reply.headers["content-type"]).toBe("application/json")
      expect(fields(reply)["agent"]).toEqual(agentBody("Helper-Bot", {
        display_name: "Helper",
        description: "Answers questions",
        persona: "Friendly and brief"
      }))
      // The key adapter's own shape (hn_ + 32 random bytes) is tested with it, in the crypto adapter and the server.
      expect(key).toMatch(/^hn_[A-Za-z0-9_-]+$/)

      const me = yield* get("/api/users/me", key)
      expect(me.status).toBe(200)
      expect(me.body).toEqual({
        id,
        username: "Helper-Bot",
        display_name: "Helper",
        bio: null,
        user_type: "agent",
        karma: 0,
        created_at: epoch
      })
      // Humans and agents share /api/users/{username}.
      expect((yield* get("/api/users/helper-bot")).body).toEqual(me.body)

      yield* createChannel(key, "bots")
      const post = yield* postJson(
        "/api/posts",
        { title: "Hello from an agent", content: "beep", channel_id: "bots" },
        key
      )
      expect(post.status).toBe(201)
      expect(fields(post)["author_id"]).toBe(id)

      // The key is shown only at registration: never in a profile or a list.
      const profile = yield* get("/api/agents/Helper-Bot")
      expect(profile.status).toBe(200)
      expect(profile.body).toEqual(fields(reply)["agent"])
      for (const other of [profile, me, yield* get("/api/agents"), yield* get("/api/users")]) {
        expect(other.text).not.toContain(key)
        expect(other.text).not.toContain(key.slice(3))
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("as a human: the human becomes owner_id; GET /api/users/me/agents lists the owner's agents", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      const first = yield* registerAgent("alice-bot-1", { token: alice.token })
      expect(first.agent).toEqual(agentBody("alice-bot-1", { owner_id: alice.id }))
      yield* TestClock.adjust("1 minute")
      yield* registerAgent("alice-bot-2", { token: alice.token })
      yield* registerAgent("stray-bot")

      // Oldest first, only the caller's, paged.
      expect(yield* usernamesAt("/api/users/me/agents", alice.token)).toEqual(["alice-bot-1", "alice-bot-2"])
      expect(yield* usernamesAt("/api/users/me/agents?limit=1&offset=1", alice.token)).toEqual(["alice-bot-2"])
      expect(yield* usernamesAt("/api/users/me/agents", bob.token)).toEqual([])
      expectUnauthorized(yield* get("/api/users/me/agents"))

      // An agent registering another agent does not own it.
      const child = yield* registerAgent("child-bot", { token: first.key })
      expect(child.agent["owner_id"]).toBeNull()
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("credentials that are sent must be valid: 401 for a bad token or another scheme; nothing created", () =>
    Effect.gen(function*() {
      const attempts = [
        HttpClientRequest.bearerToken("hn_not-a-real-key"),
        HttpClientRequest.bearerToken("garbage"),
        HttpClientRequest.setHeader("authorization", "Basic YWxpY2U6cGFzc3dvcmQ="),
        HttpClientRequest.setHeader("authorization", "")
      ]
      for (const withCredentials of attempts) {
        const reply = yield* send(
          HttpClientRequest.post("/api/agents").pipe(
            HttpClientRequest.bodyUnsafeJson({ username: "sneaky-bot" }),
            withCredentials
          )
        )
        expectUnauthorized(reply)
      }
      expect(yield* directory()).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("409 when the username is taken by a human or an agent, in any case; nothing more is stored", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("Alice")
      const clash = yield* postJson("/api/agents", { username: "ALICE" })
      expect(clash.status).toBe(409)
      expect(clash.body).toEqual(errorBody("Username 'ALICE' is already taken", "username_taken"))
      yield* registerAgent("Robo")
      const again = yield* postJson("/api/agents", { username: "robo" }, alice.token)
      expect(again.status).toBe(409)
      expect(again.body).toEqual(errorBody("Username 'robo' is already taken", "username_taken"))
      // And the other way round: a human can't take an agent's name.
      const human = yield* postJson("/api/users", { username: "ROBO", password })
      expect(human.status).toBe(409)
      expect(yield* directory()).toEqual(["Robo"])
      expect(yield* usernamesAt("/api/users/me/agents", alice.token)).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("422 per bad field, FastAPI-shaped; nothing stored", () =>
    Effect.gen(function*() {
      const usernameMsg = "username must be 3 to 32 characters of letters, digits, '_' or '-'"
      for (const username of ["ab", "bad name", "a".repeat(33), "bot!", ""]) {
        const reply = yield* postJson("/api/agents", { username })
        expect(reply.status).toBe(422)
        expect(reply.body).toEqual({ detail: [{ loc: ["body", "username"], msg: usernameMsg, type: "refinement" }] })
      }
      const missing = yield* postJson("/api/agents", {})
      expect(missing.body).toEqual({ detail: [{ loc: ["body", "username"], msg: "is missing", type: "missing" }] })
      const tooLong = yield* postJson("/api/agents", {
        username: "x",
        description: "d".repeat(2001),
        persona: "p".repeat(4001),
        display_name: 42
      })
      expect(tooLong.status).toBe(422)
      expect(locs(tooLong)).toEqual([["body", "username"], ["body", "display_name"], ["body", "description"], [
        "body",
        "persona"
      ]])
      expect(yield* directory()).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("registrations per client address: past the limit 429 with Retry-After; nothing created; the window ends", () =>
    Effect.gen(function*() {
      yield* registerAgent("first-bot")
      yield* registerAgent("second-bot")
      yield* TestClock.adjust("30 minutes")
      const limited = yield* postJson("/api/agents", { username: "third-bot" })
      expect(limited.status).toBe(429)
      expect(limited.headers["retry-after"]).toBe("1800")
      expect(limited.body).toEqual({
        ...errorBody("Too many requests; retry in 1800 seconds", "rate_limited"),
        retry_after: 1800
      })
      // Human registration from the same address shares the budget (REGISTER).
      expect((yield* postJson("/api/users", { username: "alice", password: "correct-horse" })).status).toBe(429)
      expect([...(yield* directory())].sort()).toEqual(["first-bot", "second-bot"])
      expect((yield* get("/api/agents/third-bot")).status).toBe(404)

      yield* TestClock.adjust("30 minutes")
      yield* registerAgent("third-bot")
      expect(yield* directory()).toHaveLength(3)
    }).pipe(Effect.provide(TestServer.layer(limits(2, 25)))))

  it.effect("X-Forwarded-For is ignored unless the proxy is trusted", () =>
    Effect.gen(function*() {
      const from = (address: string, username: string) =>
        send(
          HttpClientRequest.post("/api/agents").pipe(
            HttpClientRequest.bodyUnsafeJson({ username }),
            HttpClientRequest.setHeader("x-forwarded-for", address)
          )
        )
      expect((yield* from("198.51.100.1", "first-bot")).status).toBe(201)
      // A different header does not buy a new budget: the socket address counts.
      expect((yield* from("198.51.100.2", "second-bot")).status).toBe(429)
    }).pipe(Effect.provide(TestServer.layer(limits(1, 25)))))

  it.effect("behind a trusted proxy the left-most X-Forwarded-For entry is the client", () =>
    Effect.gen(function*() {
      const from = (address: string | undefined, username: string) =>
        send(
          HttpClientRequest.post("/api/agents").pipe(
            HttpClientRequest.bodyUnsafeJson({ username }),
            address === undefined ? (r) => r : HttpClientRequest.setHeader("x-forwarded-for", address)
          )
        )
      expect((yield* from("198.51.100.1", "first-bot")).status).toBe(201)
      expect((yield* from("198.51.100.2, 10.0.0.1", "second-bot")).status).toBe(201)
      expect((yield* from("198.51.100.1, 10.0.0.9", "third-bot")).status).toBe(429)
      expect((yield* from(" 198.51.100.2 ", "fourth-bot")).status).toBe(429)
      // Without the header, the socket address has its own budget.
      expect((yield* from(undefined, "fifth-bot")).status).toBe(201)
      expect([...(yield* directory())].sort()).toEqual(["fifth-bot", "first-bot", "second-bot"])
    }).pipe(Effect.provide(TestServer.layer({ ...limits(1, 25), trustProxy: true }))))

  it.effect("agents per owner: past the cap 422 {detail, code}; nothing created; deactivating frees a place", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* registerAgent("alice-bot-1", { token: alice.token })
      yield* TestClock.adjust("1 second")
      yield* registerAgent("alice-bot-2", { token: alice.token })
      yield* TestClock.adjust("1 second")
      const capped = yield* postJson("/api/agents", { username: "alice-bot-3" }, alice.token)
      expect(capped.status).toBe(422)
      expect(capped.body).toEqual(errorBody("An owner may have at most 2 agents", "agent_limit_reached"))
      expect(yield* usernamesAt("/api/users/me/agents", alice.token)).toEqual(["alice-bot-1", "alice-bot-2"])
      expect((yield* get("/api/agents/alice-bot-3")).status).toBe(404)
      // The cap is per owner: others (and anonymous registrations) are not affected.
      const bob = yield* signUp("bob")
      yield* registerAgent("bob-bot", { token: bob.token })
      yield* registerAgent("free-bot")

      expect((yield* del("/api/agents/alice-bot-1", alice.token)).status).toBe(204)
      yield* registerAgent("alice-bot-3", { token: alice.token })
      expect(yield* usernamesAt("/api/users/me/agents", alice.token)).toEqual(["alice-bot-2", "alice-bot-3"])
    }).pipe(Effect.provide(TestServer.layer(limits(100, 2)))))
})
