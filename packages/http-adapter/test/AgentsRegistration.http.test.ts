/**
 * Agents over HTTP: self-registration (anonymous or owned), the API key as a
 * bearer credential on every route, agent-only self-service, the owner's
 * management and key recovery, deactivation, the abuse limits (per client
 * address, per owner), the directory, routing of the `me` paths, and the
 * typed client. Each test runs its own server over a fresh in-memory domain
 * (TestClock: time starts at 1970 and only moves when a test moves it).
 */
import { HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Agent, AgentLimits, Credentials, NewAgent, NewUser, Username } from "@holonet/domain"
import { Effect, Layer, Logger, Redacted, Schema, TestClock } from "effect"
import { HoloApi } from "../src/Api.js"
import { Conflict, Forbidden, TooManyRequests, Unauthorized, Unprocessable } from "../src/HttpErrors.js"
import {
  createChannel,
  createPost,
  del,
  errorBody,
  fields,
  get,
  items,
  locs,
  password,
  patchJson,
  postEmpty,
  postJson,
  type Reply,
  send,
  signUp,
  str,
  uuidV7
} from "./Http.js"
import { makeTestServer } from "@holonet/http-adapter/testing"

const epoch = "1970-01-01T00:00:00.000Z"

/** The Agent JSON of API.md: User fields plus description, persona, owner_id, is_hosted, schedule_minutes. */
const agentBody = (username: string, extra: Record<string, unknown> = {}) => ({
  id: expect.stringMatching(uuidV7),
  username,
  display_name: null,
  bio: null,
  user_type: "agent",
  karma: 0,
  created_at: epoch,
  description: null,
  persona: null,
  owner_id: null,
  is_hosted: false,
  schedule_minutes: null,
  ...extra
})

const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })
const Registered = Schema.Struct({ agent: JsonObject, api_key: Schema.String })
const KeyReply = Schema.Struct({ api_key: Schema.String })
const WithId = Schema.Struct({ id: Schema.String })

/** Registers an agent (anonymously, or with a bearer token); fails the test unless 201. */
const registerAgent = (username: string, options: { readonly token?: string; readonly body?: object } = {}) =>
  Effect.gen(function*() {
    const reply = yield* postJson("/api/agents", { username, ...options.body }, options.token)
    expect(reply.status, reply.text).toBe(201)
    const { agent, api_key } = Schema.decodeUnknownSync(Registered)(reply.body)
    return { id: Schema.decodeUnknownSync(WithId)(agent).id, agent, key: api_key, reply }
  })

const newKeyOf = (reply: Reply) => {
  expect(reply.status, reply.text).toBe(200)
  return Schema.decodeUnknownSync(KeyReply)(reply.body).api_key
}

const expectUnauthorized = (reply: Reply) => {
  expect(reply.status, reply.text).toBe(401)
  expect(reply.headers["www-authenticate"]).toBe("Bearer")
}

const usernamesAt = (path: string, token?: string) =>
  Effect.map(get(path, token), (reply) => {
    expect(reply.status, reply.text).toBe(200)
    return items(reply).map((a) => a["username"])
  })

const directory = (query = "") => usernamesAt(`/api/agents?limit=100${query}`)

const agentOnly = errorBody("Agent-only endpoint", "permission_denied")
const ownerOnly = errorBody("Only the agent's owner can do this", "permission_denied")

const limits = (registrationsPerHour: number, maxAgentsPerOwner: number) =>
  Layer.succeed(AgentLimits, { registrationsPerHour, maxAgentsPerOwner })

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
      const post = yield* postJson("/api/posts", { title: "Hello from an agent", content: "beep", channel_id: "bots" }, key)
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
    }).pipe(Effect.provide(makeTestServer())))

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
    }).pipe(Effect.provide(makeTestServer())))

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
    }).pipe(Effect.provide(makeTestServer())))

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
    }).pipe(Effect.provide(makeTestServer())))

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
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("registrations per client address: past the limit 429 with Retry-After; nothing created; the window ends", () =>
    Effect.gen(function*() {
      yield* registerAgent("first-bot")
      yield* registerAgent("second-bot")
      yield* TestClock.adjust("30 minutes")
      const limited = yield* postJson("/api/agents", { username: "third-bot" })
      expect(limited.status).toBe(429)
      expect(limited.headers["retry-after"]).toBe("1800")
      expect(limited.body).toEqual(errorBody("Too many requests; retry in 1800 seconds", "rate_limited"))
      // A human caller from the same address shares the budget.
      const alice = yield* signUp("alice")
      expect((yield* postJson("/api/agents", { username: "third-bot" }, alice.token)).status).toBe(429)
      expect([...(yield* directory())].sort()).toEqual(["first-bot", "second-bot"])
      expect((yield* get("/api/agents/third-bot")).status).toBe(404)

      yield* TestClock.adjust("30 minutes")
      yield* registerAgent("third-bot")
      expect(yield* directory()).toHaveLength(3)
    }).pipe(Effect.provide(makeTestServer({ agentLimits: limits(2, 25) }))))

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
    }).pipe(Effect.provide(makeTestServer({ agentLimits: limits(1, 25) }))))

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
    }).pipe(Effect.provide(makeTestServer({ agentLimits: limits(1, 25), trustProxy: true }))))

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
    }).pipe(Effect.provide(makeTestServer({ agentLimits: limits(100, 2) }))))
})

describe("agent self-service: /api/agents/me", () => {
  it.effect("the agent reads and changes its profile; other fields are 422 and change nothing", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const { id, key } = yield* registerAgent("self-bot", { token: alice.token })
      const me = yield* get("/api/agents/me", key)
      expect(me.status).toBe(200)
      expect(me.body).toEqual(agentBody("self-bot", { id, owner_id: alice.id }))

      const patched = yield* patchJson("/api/agents/me", {
        display_name: " Selfie ",
        description: "I describe myself",
        persona: "Curious"
      }, key)
      expect(patched.status).toBe(200)
      const expected = agentBody("self-bot", {
        id,
        owner_id: alice.id,
        display_name: "Selfie",
        description: "I describe myself",
        persona: "Curious"
      })
      expect(patched.body).toEqual(expected)
      // Absent fields stay; null clears.
      const cleared = yield* patchJson("/api/agents/me", { persona: null }, key)
      expect(cleared.body).toEqual({ ...expected, persona: null })

      for (const body of [{ is_hosted: true }, { schedule_minutes: 60 }, { karma: 1000 }, { owner_id: null }, { username: "renamed" }]) {
        const refused = yield* patchJson("/api/agents/me", body, key)
        expect(refused.status).toBe(422)
        expect(locs(refused)).toEqual([["body", Object.keys(body)[0]]])
      }
      expect((yield* get("/api/agents/self-bot")).body).toEqual({ ...expected, persona: null })
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("a human gets 403 Agent-only endpoint on every /agents/me route; anonymous gets 401", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const replies = [
        yield* get("/api/agents/me", alice.token),
        yield* patchJson("/api/agents/me", { description: "not an agent" }, alice.token),
        yield* postEmpty("/api/agents/me/rotate-key", alice.token)
      ]
      for (const reply of replies) {
        expect(reply.status).toBe(403)
        expect(reply.body).toEqual(agentOnly)
      }
      expectUnauthorized(yield* get("/api/agents/me"))
      expectUnauthorized(yield* patchJson("/api/agents/me", { description: "x" }))
      expectUnauthorized(yield* postEmpty("/api/agents/me/rotate-key"))
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("rotation: 200 {api_key}; the old key is 401 at once, the new one works", () =>
    Effect.gen(function*() {
      const { id, key: oldKey } = yield* registerAgent("rotating-bot")
      const newKey = newKeyOf(yield* postEmpty("/api/agents/me/rotate-key", oldKey))
      expect(newKey).toMatch(/^hn_[A-Za-z0-9_-]+$/)
      expect(newKey).not.toBe(oldKey)

      const rejected = yield* get("/api/users/me", oldKey)
      expectUnauthorized(rejected)
      expect(rejected.body).toEqual(errorBody("Invalid API key", "unauthenticated"))
      expectUnauthorized(yield* get("/api/agents/me", oldKey))
      const me = yield* get("/api/agents/me", newKey)
      expect(me.status).toBe(200)
      expect(str(me, "id")).toBe(id)
    }).pipe(Effect.provide(makeTestServer())))
})

describe("owner routes: /api/agents/{username}", () => {
  it.effect("the owner recovers the key, sets is_hosted and the profile", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const { id, key: lostKey } = yield* registerAgent("owned-bot", { token: alice.token })

      const recovered = newKeyOf(yield* postEmpty("/api/agents/owned-bot/rotate-key", alice.token))
      expectUnauthorized(yield* get("/api/users/me", lostKey))
      expect(str(yield* get("/api/users/me", recovered), "id")).toBe(id)

      const patched = yield* patchJson("/api/agents/OWNED-BOT", {
        is_hosted: true,
        persona: "Hosted persona",
        display_name: "Owned"
      }, alice.token)
      expect(patched.status).toBe(200)
      const expected = agentBody("owned-bot", {
        id,
        owner_id: alice.id,
        is_hosted: true,
        persona: "Hosted persona",
        display_name: "Owned"
      })
      expect(patched.body).toEqual(expected)
      expect((yield* get("/api/agents/owned-bot")).body).toEqual(expected)
      const refused = yield* patchJson("/api/agents/owned-bot", { owner_id: null, karma: 5 }, alice.token)
      expect(refused.status).toBe(422)
      expect(locs(refused)).toEqual([["body", "owner_id"], ["body", "karma"]])
      expect((yield* get("/api/agents/owned-bot")).body).toEqual(expected)

      const scheduled = yield* patchJson("/api/agents/owned-bot", { schedule_minutes: 10080 }, alice.token)
      expect(scheduled.body).toEqual({ ...expected, schedule_minutes: 10080 })
      for (const value of [0, 10081, 1.5, "60"]) {
        const bad = yield* patchJson("/api/agents/owned-bot", { schedule_minutes: value }, alice.token)
        expect(bad.status).toBe(422)
        expect(locs(bad)).toEqual([["body", "schedule_minutes"]])
      }
      const unscheduled = yield* patchJson("/api/agents/owned-bot", { schedule_minutes: null }, alice.token)
      expect(unscheduled.body).toEqual(expected)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("anyone but the owner gets 403 (a stranger, the agent itself, another agent) and nothing changes", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const mallory = yield* signUp("mallory")
      const owned = yield* registerAgent("owned-bot", { token: alice.token })
      const stray = yield* registerAgent("stray-bot")
      const before = (yield* get("/api/agents/owned-bot")).body

      for (const token of [mallory.token, owned.key, stray.key]) {
        for (
          const reply of [
            yield* postEmpty("/api/agents/owned-bot/rotate-key", token),
            yield* patchJson("/api/agents/owned-bot", { is_hosted: true, description: "pwned" }, token),
            yield* del("/api/agents/owned-bot", token)
          ]
        ) {
          expect(reply.status).toBe(403)
          expect(reply.body).toEqual(ownerOnly)
        }
      }
      // An agent without an owner can't be managed by anyone.
      expect((yield* del("/api/agents/stray-bot", mallory.token)).status).toBe(403)
      expectUnauthorized(yield* del("/api/agents/owned-bot"))
      expectUnauthorized(yield* postEmpty("/api/agents/owned-bot/rotate-key"))

      expect((yield* get("/api/agents/owned-bot")).body).toEqual(before)
      expect((yield* get("/api/users/me", owned.key)).status).toBe(200)
      expect((yield* get("/api/users/me", stray.key)).status).toBe(200)
      expect([...(yield* directory())].sort()).toEqual(["owned-bot", "stray-bot"])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("404 for an unknown agent (and for a human's username) on every agent route", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const notFound = (username: string) => errorBody(`Agent '${username}' not found`, "agent_not_found")
      for (const username of ["ghost-bot", "alice"]) {
        for (
          const reply of [
            yield* get(`/api/agents/${username}`),
            yield* postEmpty(`/api/agents/${username}/rotate-key`, alice.token),
            yield* patchJson(`/api/agents/${username}`, { is_hosted: true }, alice.token),
            yield* del(`/api/agents/${username}`, alice.token)
          ]
        ) {
          expect(reply.status).toBe(404)
          expect(reply.body).toEqual(notFound(username))
        }
      }
      const tooLong = yield* get(`/api/agents/${"x".repeat(65)}`)
      expect(tooLong.status).toBe(422)
      expect(locs(tooLong)).toEqual([["path", "username"]])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("a deactivated agent: 204; its key is 401, its profile 404, it leaves the lists; its posts stay", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const { id, key } = yield* registerAgent("retired-bot", { token: alice.token })
      yield* createChannel(alice.token, "general")
      const post = yield* createPost(key, "general", "Written before retirement")

      const deleted = yield* del("/api/agents/retired-bot", alice.token)
      expect(deleted.status).toBe(204)
      expect(deleted.text).toBe("")

      expectUnauthorized(yield* get("/api/users/me", key))
      expectUnauthorized(yield* postJson("/api/posts", { title: "t", content: "c", channel_id: "general" }, key))
      expect((yield* get("/api/agents/retired-bot")).status).toBe(404)
      expect(yield* directory()).toEqual([])
      expect(yield* usernamesAt("/api/users/me/agents", alice.token)).toEqual([])
      // Deactivating twice, or managing it afterwards: 404.
      expect((yield* del("/api/agents/retired-bot", alice.token)).status).toBe(404)
      expect((yield* postEmpty("/api/agents/retired-bot/rotate-key", alice.token)).status).toBe(404)

      const listed = items(yield* get("/api/posts?author_type=agent"))
      expect(listed.map((p) => p["id"])).toEqual([post["id"]])
      expect(listed[0]?.["author_id"]).toBe(id)
      expect((yield* get(`/api/posts/${String(post["id"])}`)).status).toBe(200)
    }).pipe(Effect.provide(makeTestServer())))
})

describe("GET /api/agents (directory)", () => {
  it.effect("sort=new|active|karma, paging, ties by id; unknown sort and bad paging are 422", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      const keys: Record<string, string> = {}
      for (const username of ["bot-a", "bot-b", "bot-c"]) {
        yield* TestClock.adjust("1 minute")
        keys[username] = (yield* registerAgent(username)).key
      }
      expect(yield* directory()).toEqual(["bot-c", "bot-b", "bot-a"])
      expect(yield* directory("&sort=new")).toEqual(["bot-c", "bot-b", "bot-a"])
      expect(yield* usernamesAt("/api/agents?limit=2&offset=1")).toEqual(["bot-b", "bot-a"])
      expect(yield* usernamesAt("/api/agents?offset=3")).toEqual([])

      // Most recently posting first; agents that never posted last (by id).
      yield* TestClock.adjust("1 minute")
      yield* createPost(keys["bot-b"] ?? "", "general", "b posts first")
      yield* TestClock.adjust("1 minute")
      yield* createPost(keys["bot-a"] ?? "", "general", "then a")
      expect(yield* directory("&sort=active")).toEqual(["bot-a", "bot-b", "bot-c"])
      // Equal karma: ties broken by id (time-ordered), so oldest first.
      expect(yield* directory("&sort=karma")).toEqual(["bot-a", "bot-b", "bot-c"])
      // Humans are not in the directory.
      expect(yield* directory()).not.toContain("alice")

      const badSort = yield* get("/api/agents?sort=popular")
      expect(badSort.status).toBe(422)
      expect(locs(badSort)).toEqual([["query", "sort"]])
      const badPage = yield* get("/api/agents?limit=0&offset=-1")
      expect(badPage.status).toBe(422)
      expect(locs(badPage)).toEqual([["query", "limit"], ["query", "offset"]])
      expect((yield* get("/api/agents?limit=101")).status).toBe(422)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("GET /api/posts?author_type=agent|human tells agents' posts from humans'", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const { key } = yield* registerAgent("poster-bot")
      yield* createChannel(alice.token, "general")
      const titles = (path: string) => Effect.map(get(path), (reply) => items(reply).map((p) => p["title"]))
      yield* TestClock.adjust("1 minute")
      yield* createPost(alice.token, "general", "human 1")
      yield* TestClock.adjust("1 minute")
      yield* createPost(key, "general", "agent 1")
      yield* TestClock.adjust("1 minute")
      yield* createPost(alice.token, "general", "human 2")
      expect(yield* titles("/api/posts?author_type=agent")).toEqual(["agent 1"])
      expect(yield* titles("/api/posts?author_type=human")).toEqual(["human 2", "human 1"])
      expect(yield* titles("/api/posts/?author_type=agent&author=poster-bot")).toEqual(["agent 1"])
      expect(yield* titles("/api/posts?author_type=human&author=poster-bot")).toEqual([])
      expect(yield* titles("/api/posts")).toEqual(["human 2", "agent 1", "human 1"])
      expect((yield* get("/api/posts?author_type=robot")).status).toBe(422)
    }).pipe(Effect.provide(makeTestServer())))
})

describe("routing", () => {
  it.effect("every agent route answers with and without a trailing slash", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      for (const slash of ["", "/"]) {
        const name = slash === "" ? "plain-bot" : "slash-bot"
        const registered = yield* postJson(`/api/agents${slash}`, { username: name }, alice.token)
        expect(registered.status).toBe(201)
        const key = Schema.decodeUnknownSync(Registered)(registered.body).api_key
        expect((yield* get(`/api/agents${slash}`)).status).toBe(200)
        expect((yield* get(`/api/agents/me${slash}`, key)).status).toBe(200)
        expect((yield* patchJson(`/api/agents/me${slash}`, { description: "d" }, key)).status).toBe(200)
        const rotated = newKeyOf(yield* postEmpty(`/api/agents/me/rotate-key${slash}`, key))
        expect((yield* get(`/api/agents/${name}${slash}`)).status).toBe(200)
        expect(yield* usernamesAt(`/api/users/me/agents${slash}`, alice.token)).toContain(name)
        const recovered = newKeyOf(yield* postEmpty(`/api/agents/${name}/rotate-key${slash}`, alice.token))
        expectUnauthorized(yield* get("/api/agents/me", rotated))
        const patched = yield* patchJson(`/api/agents/${name}${slash}`, { is_hosted: true }, alice.token)
        expect(fields(patched)["is_hosted"]).toBe(true)
        expect((yield* del(`/api/agents/${name}${slash}`, alice.token)).status).toBe(204)
        expectUnauthorized(yield* get("/api/agents/me", recovered))
      }
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("the me paths are never taken for a username; /users/me/agents, /users/me and /users/{username} stay apart", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const { key } = yield* registerAgent("meta-bot", { token: alice.token })
      // Anonymous /agents/me is 401 (auth required), not 404 "Agent 'me' not found".
      expectUnauthorized(yield* get("/api/agents/me"))
      expectUnauthorized(yield* postEmpty("/api/agents/me/rotate-key"))
      expect(str(yield* get("/api/agents/me", key), "username")).toBe("meta-bot")

      expect(yield* usernamesAt("/api/users/me/agents", alice.token)).toEqual(["meta-bot"])
      expect(str(yield* get("/api/users/me", alice.token), "username")).toBe("alice")
      expect(str(yield* get("/api/users/meta-bot"), "user_type")).toBe("agent")
      expect(str(yield* get("/api/users/alice"), "user_type")).toBe("human")
      // An agent owns no agents.
      expect(yield* get("/api/users/me/agents", key)).toMatchObject({
        status: 403,
        body: { detail: "Human-only endpoint", code: "permission_denied" }
      })
    }).pipe(Effect.provide(makeTestServer())))
})

describe("typed client and logs", () => {
  it.effect("HttpApiClient: agents.register decodes the Agent and a redacted key; errors decode to their classes", () =>
    Effect.gen(function*() {
      const anonymous = yield* HttpApiClient.make(HoloApi)
      const registered = yield* anonymous.agents.register({
        payload: NewAgent.make({ username: Username.make("typed-bot"), description: "From the client" })
      })
      expect(registered.agent).toBeInstanceOf(Agent)
      expect(registered.agent.username).toBe("typed-bot")
      expect(registered.agent.userType).toBe("agent")
      expect(registered.agent.description).toBe("From the client")
      expect(registered.agent.ownerId).toBeNull()
      expect(String(registered.api_key)).not.toContain("hn_")

      const asAgent = yield* HttpApiClient.make(HoloApi, {
        transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(Redacted.value(registered.api_key)))
      })
      expect(yield* asAgent.agents.me()).toEqual(registered.agent)
      expect(yield* anonymous.agents.get({ path: { username: "typed-bot" } })).toEqual(registered.agent)
      expect(yield* anonymous.agents.list({ urlParams: { sort: "new" } })).toEqual([registered.agent])

      const clash = yield* Effect.flip(anonymous.agents.register({
        payload: NewAgent.make({ username: Username.make("TYPED-BOT") })
      }))
      expect(clash).toBeInstanceOf(Conflict)

      const alice = yield* anonymous.users.register({
        payload: NewUser.make({ username: Username.make("alice"), password: Redacted.make(password) })
      })
      const token = (yield* anonymous.auth.login({
        payload: Credentials.make({ username: "alice", password: Redacted.make(password) })
      }))
        .access_token
      const asAlice = yield* HttpApiClient.make(HoloApi, {
        transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(token))
      })
      const owned = yield* asAlice.agents.register({ payload: NewAgent.make({ username: Username.make("alice-bot") }) })
      expect(owned.agent.ownerId).toBe(alice.id)
      expect(yield* asAlice.agents.mine({ urlParams: {} })).toEqual([owned.agent])
      const updated = yield* asAlice.agents.update({ path: { username: "alice-bot" }, payload: { isHosted: true } })
      expect(updated.isHosted).toBe(true)

      const capped = yield* Effect.flip(asAlice.agents.register({
        payload: NewAgent.make({ username: Username.make("alice-bot-2") })
      }))
      expect(capped).toBeInstanceOf(Unprocessable)
      expect(capped).toMatchObject({ code: "agent_limit_reached" })
      expect(yield* Effect.flip(asAlice.agents.me())).toBeInstanceOf(Forbidden)
      expect(yield* Effect.flip(anonymous.agents.me())).toBeInstanceOf(Unauthorized)

      const limited = yield* Effect.flip(anonymous.agents.register({
        payload: NewAgent.make({ username: Username.make("one-too-many") })
      }))
      expect(limited).toBeInstanceOf(TooManyRequests)
      expect(limited).toMatchObject({ code: "rate_limited" })
    }).pipe(Effect.provide(makeTestServer({ agentLimits: limits(4, 1) }))))

  it.effect("API keys never reach the log output, not even with the access log on", () =>
    Effect.gen(function*() {
      const logged: Array<string> = []
      const capture = Logger.make((entry) => {
        logged.push(JSON.stringify({
          message: entry.message,
          annotations: Object.fromEntries(entry.annotations),
          cause: String(entry.cause)
        }))
      })
      const server = makeTestServer({ accessLog: true }).pipe(
        Layer.provide(Logger.replace(Logger.defaultLogger, capture))
      )
      const keys = yield* Effect.gen(function*() {
        const alice = yield* signUp("alice")
        const { key } = yield* registerAgent("quiet-bot", { token: alice.token })
        const rotated = newKeyOf(yield* postEmpty("/api/agents/me/rotate-key", key))
        expectUnauthorized(yield* get("/api/users/me", key))
        const recovered = newKeyOf(yield* postEmpty("/api/agents/quiet-bot/rotate-key", alice.token))
        yield* get("/api/users/me", `${recovered}-tampered`)
        return [key, rotated, recovered]
      }).pipe(Effect.provide(server))
      // The access log did run, so the check below looked at real output.
      expect(logged.some((line) => line.includes("/api/agents/me/rotate-key"))).toBe(true)
      for (const key of keys) {
        for (const line of logged) {
          expect(line).not.toContain(key)
          expect(line).not.toContain(key.slice(3, 20))
        }
      }
    }))
})
