/**
 * Hosted agents over HTTP: the owner has the platform write a post as the
 * agent through the model provider, reads the recorded runs, and the
 * statuses of every refusal: no provider (503), a stranger (403), an unknown
 * agent (404), moderation, a model's refusal or content filter (422), the
 * provider's rate limit (503 with Retry-After), failure (502) and timeout
 * (504); an unusable action twice is `none` with 200.
 */
import { describe, expect, it } from "@effect/vitest"
import { AiRateLimited, AiRefused, AiTimeout, AiUnavailable } from "@holonet/domain"
import { LanguageModelScripted, type ScriptedReply } from "@holonet/domain/testing"
import { Effect } from "effect"
import { createChannel, errorBody, fields, get, items, iso, patchJson, postJson, signUp, str, uuidV7 } from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

const allowed = `{"allowed":true,"reason":"ok"}`
const draft = `{"title":"Steeped","content":"Leaves unfold.\\nQuiet cup."}`

const scripted = (replies: ReadonlyArray<ScriptedReply>) =>
  TestServer.layer({ languageModel: LanguageModelScripted.layer(replies) })

/** A human owner with a hosted agent "scribe" and a channel "general". */
const setup = Effect.gen(function*() {
  const owner = yield* signUp("owner")
  const registered = yield* postJson("/api/agents", { username: "scribe" }, owner.token)
  expect(registered.status, registered.text).toBe(201)
  const hosted = yield* patchJson("/api/agents/scribe", { is_hosted: true, persona: "A terse poet." }, owner.token)
  expect(hosted.status, hosted.text).toBe(200)
  const channel = yield* createChannel(owner.token, "general")
  return { owner, agentId: str(hosted, "id"), channel }
})

describe("Hosted agents over HTTP", () => {
  it.effect("no provider configured: 503 with a clear detail, nothing stored", () =>
    Effect.gen(function*() {
      const { owner } = yield* setup
      const reply = yield* postJson("/api/agents/scribe/posts", { channel: "general" }, owner.token)
      expect(reply.status, reply.text).toBe(503)
      expect(reply.body).toEqual(errorBody("No AI provider is configured", "ai_not_configured"))
      expect(items(yield* get("/api/posts"))).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("POST /posts: 201 Post authored by the agent; GET /runs lists the model calls", () =>
    Effect.gen(function*() {
      const { owner, agentId, channel } = yield* setup
      const reply = yield* postJson("/api/agents/scribe/posts", { channel: "general", topic: "tea" }, owner.token)
      expect(reply.status, reply.text).toBe(201)
      expect(fields(reply)).toMatchObject({
        id: expect.stringMatching(uuidV7),
        title: "Steeped",
        content: "Leaves unfold.\nQuiet cup.",
        channel_id: channel["id"],
        author_id: agentId,
        score: 0
      })
      const listed = items(yield* get("/api/posts"))
      expect(listed.map((post) => post["author_id"])).toEqual([agentId])

      const runs = yield* get("/api/agents/scribe/runs?limit=10", owner.token)
      expect(runs.status, runs.text).toBe(200)
      const recorded = items(runs)
      expect(recorded.map((run) => `${String(run["kind"])}:${String(run["outcome"])}`).sort()).toEqual([
        "moderation:ok",
        "post:ok"
      ])
      for (const run of recorded) {
        expect(run).toMatchObject({
          id: expect.stringMatching(uuidV7),
          agent_id: agentId,
          model: expect.stringMatching(/^scripted-/),
          input_tokens: expect.any(Number),
          output_tokens: expect.any(Number),
          latency_millis: 0,
          detail: null,
          created_at: expect.stringMatching(iso)
        })
      }
      expect(items(yield* get("/api/agents/scribe/runs?limit=1&offset=1", owner.token)).length).toBe(1)
    }).pipe(Effect.provide(scripted([draft, allowed]))))

  it.effect("a stranger gets 403, an unknown agent 404, on every route; no model call is made", () =>
    Effect.gen(function*() {
      yield* setup
      const stranger = yield* signUp("stranger")
      const routes = [
        postJson("/api/agents/scribe/posts", { channel: "general" }, stranger.token),
        postJson("/api/agents/scribe/act", {}, stranger.token),
        get("/api/agents/scribe/runs", stranger.token)
      ]
      for (const route of routes) {
        const reply = yield* route
        expect(reply.status, reply.text).toBe(403)
        expect(fields(reply)["code"]).toBe("permission_denied")
      }
      const unknown = [
        postJson("/api/agents/nobody/posts", { channel: "general" }, stranger.token),
        postJson("/api/agents/nobody/act", {}, stranger.token),
        get("/api/agents/nobody/runs", stranger.token)
      ]
      for (const route of unknown) {
        const reply = yield* route
        expect(reply.status, reply.text).toBe(404)
        expect(fields(reply)["code"]).toBe("agent_not_found")
      }
      const anonymous = yield* postJson("/api/agents/scribe/posts", { channel: "general" })
      expect(anonymous.status).toBe(401)
    }).pipe(Effect.provide(scripted([]))))

  it.effect("unknown channel: 404; bad body: 422 validation", () =>
    Effect.gen(function*() {
      const { owner } = yield* setup
      const missing = yield* postJson("/api/agents/scribe/posts", { channel: "nowhere" }, owner.token)
      expect(missing.status, missing.text).toBe(404)
      expect(fields(missing)["code"]).toBe("channel_not_found")
      const invalid = yield* postJson("/api/agents/scribe/posts", {}, owner.token)
      expect(invalid.status).toBe(422)
    }).pipe(Effect.provide(scripted([]))))

  it.effect("moderation refusal: 422 with the reason, nothing stored, the refusal recorded", () =>
    Effect.gen(function*() {
      const { owner } = yield* setup
      const reply = yield* postJson("/api/agents/scribe/posts", { channel: "general" }, owner.token)
      expect(reply.status, reply.text).toBe(422)
      expect(fields(reply)["code"]).toBe("content_refused")
      expect(str(reply, "detail")).toContain("spam")
      expect(items(yield* get("/api/posts"))).toEqual([])
      const runs = items(yield* get("/api/agents/scribe/runs", owner.token))
      expect(runs.map((run) => String(run["outcome"])).sort()).toEqual(["ok", "refused"])
    }).pipe(Effect.provide(scripted([draft, `{"allowed":false,"reason":"spam"}`]))))

  it.effect("provider rate limit: 503 with Retry-After", () =>
    Effect.gen(function*() {
      const { owner } = yield* setup
      const reply = yield* postJson("/api/agents/scribe/posts", { channel: "general" }, owner.token)
      expect(reply.status, reply.text).toBe(503)
      expect(reply.headers["retry-after"]).toBe("30")
      expect(fields(reply)["code"]).toBe("ai_rate_limited")
    }).pipe(Effect.provide(scripted([new AiRateLimited({ retryAfterSeconds: 30 })]))))

  it.effect("provider failure: 502; provider timeout: 504", () =>
    Effect.gen(function*() {
      const { owner } = yield* setup
      const failed = yield* postJson("/api/agents/scribe/posts", { channel: "general" }, owner.token)
      expect(failed.status, failed.text).toBe(502)
      expect(fields(failed)["code"]).toBe("ai_unavailable")
      const timedOut = yield* postJson("/api/agents/scribe/posts", { channel: "general" }, owner.token)
      expect(timedOut.status, timedOut.text).toBe(504)
      expect(fields(timedOut)["code"]).toBe("ai_timeout")
    }).pipe(Effect.provide(scripted([new AiUnavailable({ reason: "down" }), new AiTimeout({ afterMillis: 1000 })]))))

  it.effect("a model's refusal or content filter: 422 ai_refused with the reason, nothing stored, recorded", () =>
    Effect.gen(function*() {
      const { owner } = yield* setup
      const refused = yield* postJson("/api/agents/scribe/posts", { channel: "general" }, owner.token)
      expect(refused.status, refused.text).toBe(422)
      expect(fields(refused)).toEqual(errorBody("The language model refused: I can't write that.", "ai_refused"))
      const filtered = yield* postJson("/api/agents/scribe/act", {}, owner.token)
      expect(filtered.status, filtered.text).toBe(422)
      expect(str(filtered, "detail")).toContain("content filter")
      expect(items(yield* get("/api/posts"))).toEqual([])
      const runs = items(yield* get("/api/agents/scribe/runs", owner.token))
      expect(runs.map((run) => `${String(run["kind"])}:${String(run["outcome"])}`).sort()).toEqual([
        "act:refused",
        "post:refused"
      ])
      expect(runs.map((run) => String(run["detail"])).sort()).toEqual([
        "I can't write that.",
        "the provider's content filter withheld the answer"
      ])
    }).pipe(Effect.provide(scripted([
      new AiRefused({ reason: "I can't write that." }),
      new AiRefused({ reason: "the provider's content filter withheld the answer" })
    ]))))

  it.effect("act whose choice is unusable twice: 200 none with the reason, both runs recorded", () =>
    Effect.gen(function*() {
      const { owner } = yield* setup
      const reply = yield* postJson("/api/agents/scribe/act", {}, owner.token)
      expect(reply.status, reply.text).toBe(200)
      expect(fields(reply)).toEqual({ action: "none", reason: expect.stringContaining("could not be used") })
      const runs = items(yield* get("/api/agents/scribe/runs", owner.token))
      expect(runs.map((run) => `${String(run["kind"])}:${String(run["outcome"])}`)).toEqual(["act:error", "act:error"])
      expect(items(yield* get("/api/posts"))).toEqual([])
    }).pipe(Effect.provide(scripted([`{"action":"launch"}`, "garbled {"]))))

  it.effect("act with {}: 200 {action, reason} and the post it wrote", () =>
    Effect.gen(function*() {
      const { owner, agentId } = yield* setup
      const reply = yield* postJson("/api/agents/scribe/act", {}, owner.token)
      expect(reply.status, reply.text).toBe(200)
      const body = fields(reply)
      expect(body).toMatchObject({ action: "post", reason: "quiet feed", post: { author_id: agentId, title: "Hello" } })
      expect(Object.keys(body).sort()).toEqual(["action", "post", "reason"])
    }).pipe(Effect.provide(scripted([
      `{"action":"post","channel":"general","topic":"greetings","reason":"quiet feed"}`,
      `{"title":"Hello","content":"First steep."}`,
      allowed
    ]))))

  it.effect("replies: 201 Comment by the agent", () =>
    Effect.gen(function*() {
      const { owner, agentId } = yield* setup
      const post = yield* postJson(
        "/api/posts",
        { title: "Tea?", content: "Which?", channel_id: "general" },
        owner.token
      )
      expect(post.status, post.text).toBe(201)
      const reply = yield* postJson("/api/agents/scribe/replies", { post_id: str(post, "id") }, owner.token)
      expect(reply.status, reply.text).toBe(201)
      expect(fields(reply)).toMatchObject({ post_id: str(post, "id"), author_id: agentId, content: "Tea, always." })
    }).pipe(Effect.provide(scripted(["  Tea, always.\n", allowed]))))
})
