/**
 * Scheduled hosted agents on several processes: each process runs the agent
 * scheduler (ticking every second), yet each agent acts once per period, not
 * once per process. The model is a fake OpenAI-compatible server on loopback
 * that answers every chat completion with the `none` action and counts the
 * calls per agent (the system prompt names the agent).
 */
import { expect } from "@effect/vitest"
import { get, patchJson, postJson, signUp } from "@holonet/http-adapter/testing"
import { Duration, Effect, Schedule, Schema } from "effect"
import type { FakeModel } from "./FakeModel.js"
import { type Running, waitUntil } from "./MultiProcessTools.js"

const agents = ["sched_a", "sched_b", "sched_c"]

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
