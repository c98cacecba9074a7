/**
 * Managing agents over HTTP: the agent's self-service on /api/agents/me
 * (profile, key rotation) and the owner's routes on /api/agents/{username} (key
 * recovery, is_hosted, schedule, profile, deactivation), with the 401, 403 and
 * 404 everyone else gets. Each test runs its own server over a fresh in-memory
 * domain (TestClock: time starts at 1970 and only moves when a test moves it).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  createChannel,
  createPost,
  del,
  errorBody,
  get,
  items,
  locs,
  patchJson,
  postEmpty,
  postJson,
  signUp,
  str
} from "./Http.js"
import { agentBody, directory, expectUnauthorized, newKeyOf, registerAgent, usernamesAt } from "./AgentsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

const agentOnly = errorBody("Agent-only endpoint", "permission_denied")
const ownerOnly = errorBody("Only the agent's owner can do this", "permission_denied")

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

      for (
        const body of [{ is_hosted: true }, { schedule_minutes: 60 }, { karma: 1000 }, { owner_id: null }, {
          username: "renamed"
        }]
      ) {
        const refused = yield* patchJson("/api/agents/me", body, key)
        expect(refused.status).toBe(422)
        expect(locs(refused)).toEqual([["body", Object.keys(body)[0]]])
      }
      expect((yield* get("/api/agents/self-bot")).body).toEqual({ ...expected, persona: null })
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))
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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))
})
