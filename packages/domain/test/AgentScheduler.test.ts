/**
 * The agent scheduler on the in-memory domain, the scripted model and the
 * TestClock: a due agent acts once per interval as its owner, an owner's new
 * interval applies at once, a failing agent backs off instead of trying on
 * every tick, agents that are not hosted, not scheduled or without an owner
 * never act, and interrupting the loop in the middle of a heartbeat stores
 * nothing of it. Two loops on one store (as two
 * processes on one database) act once per interval between them; a lease
 * left by a dead process holds the agent until it expires.
 */
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Layer, Option, Schema, TestClock } from "effect"
import { NewAgent } from "../src/Agent.js"
import { AgentRepo } from "../src/AgentRepo.js"
import { Agents } from "../src/Agents.js"
import { AiUnavailable } from "../src/AiErrors.js"
import { delayAfter, isDue, runSchedules } from "../src/AgentScheduler.js"
import { NewChannel } from "../src/Channel.js"
import { Channels } from "../src/Channels.js"
import { HeartbeatLeaseRepo } from "../src/HeartbeatLeaseRepo.js"
import { HostedAgents } from "../src/HostedAgents.js"
import { LanguageModel } from "../src/LanguageModel.js"
import type { Page } from "../src/Page.js"
import { Posts } from "../src/Posts.js"
import { DomainMemory, LanguageModelScript, LanguageModelScripted, type ScriptedReply } from "../src/testing.js"
import type { User } from "../src/User.js"
import { as, signUp } from "./UseCaseFixtures.js"

const everything: Page = { limit: 100, offset: 0 }
const options = { tick: Duration.minutes(1), concurrency: 2, maxBackoff: Duration.hours(6) }

const scripted = (replies: ReadonlyArray<ScriptedReply>) => DomainMemory.layerWith(LanguageModelScripted.layer(replies))

/** Every model call takes `delay` (on the TestClock) before the script answers. */
const slowScripted = (replies: ReadonlyArray<ScriptedReply>, delay: Duration.DurationInput) =>
  DomainMemory.layerWith(
    Layer.effect(
      LanguageModel,
      Effect.map(LanguageModel, (inner) =>
        LanguageModel.of({
          complete: (request) => Effect.zipRight(Effect.sleep(delay), inner.complete(request)),
          generateObject: (request) => Effect.zipRight(Effect.sleep(delay), inner.generateObject(request))
        }))
    ).pipe(Layer.provideMerge(LanguageModelScripted.layer(replies)))
  )

const registerAgent = (
  owner: User,
  username: string,
  settings: { readonly isHosted: boolean; readonly scheduleMinutes: number | null }
) =>
  Effect.gen(function*() {
    const agents = yield* Agents
    const input = yield* Schema.decodeUnknown(NewAgent)({ username, persona: "A terse poet." })
    yield* agents.register(input, { clientAddress: "198.51.100.7" }).pipe(as(owner))
    return yield* agents.update(username, settings).pipe(as(owner))
  }).pipe(Effect.orDie)

/** An owner and a channel "general". */
const setup = Effect.gen(function*() {
  const owner = yield* signUp("owner")
  const input = yield* Schema.decodeUnknown(NewChannel)({ name: "general", title: "General talk" })
  yield* (yield* Channels).create(input).pipe(as(owner))
  return owner
}).pipe(Effect.orDie)

const postCount = Effect.map(
  Effect.flatMap(Posts, (posts) => posts.list({ sort: "new" }, everything)),
  (all) => all.length
).pipe(Effect.orDie)

const runCount = (owner: User, username: string) =>
  Effect.map(
    Effect.flatMap(HostedAgents, (hosted) => hosted.runs(username, everything).pipe(as(owner))),
    (runs) => runs.filter((run) => run.kind === "act").length
  ).pipe(Effect.orDie)

const none = `{"action":"none","reason":"quiet"}`

describe("AgentScheduler", () => {
  it("backs off exponentially, capped, never below the interval", () => {
    expect([0, 1, 2, 3].map((failures) => delayAfter(60, failures, 1000))).toEqual([60, 120, 240, 480])
    expect(delayAfter(60, 10, 1000)).toBe(1000)
    expect(delayAfter(60, 2000, 1000)).toBe(1000)
    expect(delayAfter(5000, 3, 1000)).toBe(5000)
    expect(isDue(60, undefined, 0, 1000)).toBe(true)
    expect(isDue(60, { startedAt: 100, failures: 2 }, 339, 1000)).toBe(false)
    expect(isDue(60, { startedAt: 100, failures: 2 }, 340, 1000)).toBe(true)
  })

  it.scoped("a due agent acts once per interval, as its owner", () =>
    Effect.gen(function*() {
      const owner = yield* setup
      const agent = yield* registerAgent(owner, "scribe", { isHosted: true, scheduleMinutes: 60 })
      yield* Effect.forkScoped(runSchedules(options))

      yield* TestClock.adjust(Duration.minutes(30))
      expect(yield* runCount(owner, "scribe")).toBe(1)
      const posts = yield* Effect.flatMap(Posts, (p) => p.list({ sort: "new" }, everything))
      expect(posts.map((post) => [post.authorId, post.title])).toEqual([[agent.id, "Hello"]])

      yield* TestClock.adjust(Duration.minutes(29))
      expect(yield* runCount(owner, "scribe")).toBe(1)
      yield* TestClock.adjust(Duration.minutes(1))
      expect(yield* runCount(owner, "scribe")).toBe(2)
      yield* TestClock.adjust(Duration.minutes(60))
      expect(yield* runCount(owner, "scribe")).toBe(3)
      expect(yield* postCount).toBe(1)
      expect(yield* (yield* LanguageModelScript).remaining).toBe(0)
    }).pipe(Effect.provide(scripted([
      `{"action":"post","channel":"general","reason":"quiet feed"}`,
      `{"title":"Hello","content":"First steep."}`,
      `{"allowed":true,"reason":"fine"}`,
      none,
      none
    ]))))

  it.scoped("a failing agent backs off instead of trying on every tick, and the loop goes on", () =>
    Effect.gen(function*() {
      const owner = yield* setup
      yield* registerAgent(owner, "flaky", { isHosted: true, scheduleMinutes: 1 })
      yield* Effect.forkScoped(runSchedules(options))

      // Failures at minutes 0, 2, 6, 14 and 30; the next would be at 62.
      yield* TestClock.adjust(Duration.minutes(60))
      expect(yield* runCount(owner, "flaky")).toBe(5)

      // Once the provider is back, the next attempt succeeds and the interval is one minute again.
      yield* (yield* LanguageModelScript).push(none, none, none)
      yield* TestClock.adjust(Duration.minutes(2))
      expect(yield* runCount(owner, "flaky")).toBe(6)
      yield* TestClock.adjust(Duration.minutes(2))
      expect(yield* runCount(owner, "flaky")).toBe(8)
    }).pipe(Effect.provide(scripted(Array.from({ length: 5 }, () => new AiUnavailable({ reason: "down" }))))))

  it.scoped("an owner's new interval applies on the next tick, not after the next heartbeat", () =>
    Effect.gen(function*() {
      const owner = yield* setup
      yield* registerAgent(owner, "scribe", { isHosted: true, scheduleMinutes: 1440 })
      yield* Effect.forkScoped(runSchedules(options))
      yield* TestClock.adjust(Duration.minutes(2))
      expect(yield* runCount(owner, "scribe")).toBe(1)

      // Shortened a day to five minutes: due five minutes after the heartbeat at minute 0.
      yield* (yield* Agents).update("scribe", { scheduleMinutes: 5 }).pipe(as(owner), Effect.orDie)
      yield* TestClock.adjust(Duration.minutes(2))
      expect(yield* runCount(owner, "scribe")).toBe(1)
      yield* TestClock.adjust(Duration.minutes(1))
      expect(yield* runCount(owner, "scribe")).toBe(2)

      // Lengthened to an hour: not due again until an hour after the heartbeat at minute 5.
      yield* (yield* Agents).update("scribe", { scheduleMinutes: 60 }).pipe(as(owner), Effect.orDie)
      yield* TestClock.adjust(Duration.minutes(59))
      expect(yield* runCount(owner, "scribe")).toBe(2)
      yield* TestClock.adjust(Duration.minutes(1))
      expect(yield* runCount(owner, "scribe")).toBe(3)
    }).pipe(Effect.provide(scripted([none, none, none]))))

  it.scoped("agents that are not hosted, not scheduled or without an owner never act", () =>
    Effect.gen(function*() {
      const owner = yield* setup
      yield* registerAgent(owner, "unhosted", { isHosted: false, scheduleMinutes: 1 })
      yield* registerAgent(owner, "unscheduled", { isHosted: true, scheduleMinutes: null })
      // An ownerless agent made hosted and scheduled behind the use cases' back.
      const input = yield* Schema.decodeUnknown(NewAgent)({ username: "orphan" })
      const orphan = yield* (yield* Agents).register(input, { clientAddress: "198.51.100.8" })
      yield* (yield* AgentRepo).update(orphan.agent.id, { isHosted: true, scheduleMinutes: 1 })
      expect((yield* (yield* AgentRepo).listScheduled).map((agent) => agent.username)).toEqual(["orphan"])

      yield* Effect.forkScoped(runSchedules(options))
      yield* TestClock.adjust(Duration.hours(3))
      expect(yield* (yield* LanguageModelScript).requests).toEqual([])
      expect(yield* postCount).toBe(0)
    }).pipe(Effect.provide(scripted([]))))

  it.scoped("interrupting the scheduler mid-heartbeat stores nothing of it", () =>
    Effect.gen(function*() {
      const owner = yield* setup
      yield* registerAgent(owner, "scribe", { isHosted: true, scheduleMinutes: 60 })
      const fiber = yield* Effect.fork(runSchedules(options))

      // The action is chosen at 10 s and the draft written at 20 s; moderation would answer at 30 s.
      yield* TestClock.adjust(Duration.seconds(25))
      expect((yield* (yield* LanguageModelScript).requests).length).toBe(2)
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust(Duration.hours(2))
      expect(yield* postCount).toBe(0)
    }).pipe(Effect.provide(slowScripted([
      `{"action":"post","channel":"general","reason":"quiet feed"}`,
      `{"title":"Hello","content":"First steep."}`,
      `{"allowed":true,"reason":"fine"}`
    ], Duration.seconds(10)))))

  it.scoped("two schedulers on one store act once per interval between them", () =>
    Effect.gen(function*() {
      const owner = yield* setup
      yield* registerAgent(owner, "scribe", { isHosted: true, scheduleMinutes: 60 })
      yield* Effect.forkScoped(runSchedules(options))
      yield* Effect.forkScoped(runSchedules(options))

      yield* TestClock.adjust(Duration.minutes(30))
      expect(yield* runCount(owner, "scribe")).toBe(1)
      yield* TestClock.adjust(Duration.minutes(30))
      expect(yield* runCount(owner, "scribe")).toBe(2)
      yield* TestClock.adjust(Duration.minutes(60))
      expect(yield* runCount(owner, "scribe")).toBe(3)
      const script = yield* LanguageModelScript
      expect((yield* script.requests).length).toBe(3)
      expect(yield* script.remaining).toBe(1)
    }).pipe(Effect.provide(scripted([none, none, none, none]))))

  it.scoped("a lease left by a dead process holds the agent until it expires, and its late release is ignored", () =>
    Effect.gen(function*() {
      const owner = yield* setup
      const agent = yield* registerAgent(owner, "scribe", { isHosted: true, scheduleMinutes: 60 })
      const leases = yield* HeartbeatLeaseRepo
      expect(yield* leases.acquire(agent.id, "dead", Option.none(), 0, Duration.toMillis(Duration.minutes(10))))
        .toBe(true)
      yield* Effect.forkScoped(runSchedules(options))

      yield* TestClock.adjust(Duration.minutes(9))
      expect(yield* runCount(owner, "scribe")).toBe(0)
      yield* TestClock.adjust(Duration.minutes(2))
      expect(yield* runCount(owner, "scribe")).toBe(1)
      // The dead process's outcome, arriving late, changes nothing: still due an hour after minute 10.
      yield* leases.release(agent.id, "dead", { startedAt: 0, failures: 0 })
      yield* TestClock.adjust(Duration.minutes(58))
      expect(yield* runCount(owner, "scribe")).toBe(1)
      yield* TestClock.adjust(Duration.minutes(1))
      expect(yield* runCount(owner, "scribe")).toBe(2)
    }).pipe(Effect.provide(scripted([none, none]))))

  it.scoped("an interrupted heartbeat hands its lease back: another scheduler runs the agent at once", () =>
    Effect.gen(function*() {
      const owner = yield* setup
      yield* registerAgent(owner, "scribe", { isHosted: true, scheduleMinutes: 60 })
      const fiber = yield* Effect.fork(runSchedules(options))
      yield* TestClock.adjust(Duration.seconds(5))
      yield* Fiber.interrupt(fiber)
      expect(yield* runCount(owner, "scribe")).toBe(0)

      yield* Effect.forkScoped(runSchedules(options))
      yield* TestClock.adjust(Duration.seconds(15))
      expect(yield* runCount(owner, "scribe")).toBe(1)
      expect(yield* (yield* LanguageModelScript).remaining).toBe(1)
    }).pipe(Effect.provide(slowScripted([none, none], Duration.seconds(10)))))
})
