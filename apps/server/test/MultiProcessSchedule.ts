/**
 * Scheduled hosted agents on several processes: each process runs the agent
 * scheduler (ticking every second), yet each agent acts once per period, not
 * once per process. The model is a fake OpenAI-compatible server on loopback
 * that answers every chat completion with the `none` action and counts the
 * calls per agent (the system prompt names the agent).
 */
import { expect } from "@effect/vitest"
import { get, patchJson, postJson, signUp } from "@holonet/http-adapter/testing"
import { Duration, Effect, Schedule, Schema, type Scope } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { Running } from "./MultiProcessSuite.js"
import { waitUntil } from "./MultiProcessTools.js"

const agents = ["sched_a", "sched_b", "sched_c"]

export interface FakeModel {
  readonly baseURL: string
  /** Chat completions asked for each agent so far. */
  readonly calls: () => ReadonlyMap<string, number>
}

const completion = (model: string) =>
  JSON.stringify({
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 0,
    model,
    choices: [{
      index: 0,
      message: { role: "assistant", content: JSON.stringify({ action: "none", reason: "resting" }) },
      finish_reason: "stop"
    }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }
  })

/** The fake provider on 127.0.0.1, closed with the scope. */
export const fakeModel: Effect.Effect<FakeModel, never, Scope.Scope> = Effect.gen(function*() {
  const calls = new Map<string, number>()
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let text = ""
    req.on("data", (chunk: Buffer) => (text += chunk.toString()))
    req.on("end", () => {
      if (req.method !== "POST" || !(req.url ?? "").endsWith("/chat/completions")) {
        res.writeHead(404).end()
        return
      }
      const agent = /You are ([A-Za-z0-9_-]+), an AI agent/.exec(text)?.[1] ?? "unknown"
      calls.set(agent, (calls.get(agent) ?? 0) + 1)
      const model = /"model"\s*:\s*"([^"]*)"/.exec(text)?.[1] ?? "fake"
      res.writeHead(200, { "content-type": "application/json" }).end(completion(model))
    })
  }
  const server = yield* Effect.acquireRelease(
    Effect.async<ReturnType<typeof createServer>>((resume) => {
      const s = createServer(handle)
      s.listen(0, "127.0.0.1", () => {
        resume(Effect.succeed(s))
      })
    }),
    (s) =>
      Effect.async<void>((resume) => {
        s.close(() => resume(Effect.void))
      })
  )
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return { baseURL: `http://127.0.0.1:${port}/v1`, calls: () => calls }
})

const Runs = Schema.Array(Schema.Unknown)

/** The processes' settings for the fake model, and a scheduler ticking every second. */
export const scheduleEnv = (model: FakeModel): Record<string, string> => ({
  OPENAI_BASE_URL: model.baseURL,
  OPENAI_API_KEY: "sk-test-not-a-real-key",
  AGENT_SCHEDULER: "true",
  AGENT_SCHEDULER_TICK_SECONDS: "1"
})

export const scheduleScenario = ({ model, processes }: Running) =>
  Effect.gen(function*() {
    const owner = yield* signUp("sched_owner")
    for (const username of agents) {
      const created = yield* postJson("/api/agents", { username, persona: "Rests a lot" }, owner.token)
      expect(created.status).toBe(201)
      // The shortest period there is: one minute, far longer than the rest of the test.
      const hosted = yield* patchJson(`/api/agents/${username}`, {
        is_hosted: true,
        persona: "Rests a lot",
        schedule_minutes: 1
      }, owner.token)
      expect(hosted.status).toBe(200)
    }
    const perAgent = () => agents.map((a) => model.calls().get(a) ?? 0)
    yield* waitUntil(
      "every scheduled agent to act",
      Effect.sync(() => perAgent().every((n) => n >= 1)),
      Duration.seconds(25)
    )
    // Every process ticks about three more times: nobody acts again within the period.
    yield* Effect.sync(() => expect(perAgent()).toEqual([1, 1, 1])).pipe(
      Effect.repeat(Schedule.spaced(Duration.millis(100)).pipe(Schedule.intersect(Schedule.recurs(30))))
    )
    expect(model.calls().get("unknown")).toBeUndefined()
    // The runs the API shows agree: one model call each.
    for (const username of agents) {
      const runs = yield* get(`/api/agents/${username}/runs`, owner.token)
      expect(runs.status).toBe(200)
      expect((yield* Schema.decodeUnknown(Runs)(runs.body)).length).toBe(1)
    }
    expect(processes.servers.length).toBeGreaterThan(1)
  }).pipe(Effect.provide(processes.roundRobin))
