/**
 * The agent directory over HTTP (GET /api/agents: sorts, paging; agents' posts
 * told from humans'), and the routing of the agent paths: every route with and
 * without a trailing slash, and `me` never taken for a username. Each test runs
 * its own server over a fresh in-memory domain (TestClock: time starts at 1970
 * and only moves when a test moves it).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, TestClock } from "effect"
import {
  createChannel,
  createPost,
  del,
  fields,
  get,
  items,
  locs,
  patchJson,
  postEmpty,
  postJson,
  signUp,
  str
} from "./Http.js"
import { directory, expectUnauthorized, newKeyOf, Registered, registerAgent, usernamesAt } from "./AgentsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))
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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))
})
