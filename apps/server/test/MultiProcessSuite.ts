/**
 * Several server processes on one database (issue 11, item 6), as a suite
 * that MultiProcessPg.test.ts runs with three processes on PostgreSQL and
 * MultiProcessSqlite.test.ts with two on one SQLite file. The processes
 * start once per file, on a fresh database, and every test drives them at
 * once, each request going to the next process in turn (usernames differ
 * from test to test; the SIGKILL comes last): counters stay exact, each
 * notification arrives once, a process killed mid-burst loses no answered
 * write (MultiProcessBurst.ts), each scheduled agent acts once per
 * period (MultiProcessSchedule.ts), and each webhook event is delivered
 * once (MultiProcessWebhooks.ts).
 */
import { expect, layer } from "@effect/vitest"
import {
  concurrencyScenario,
  exactOutcome,
  createChannel,
  createPost,
  del,
  get,
  postEmpty,
  postJson,
  signUp,
  str
} from "@holonet/http-adapter/testing"
import { Context, Duration, Effect, Layer, Schema, type Scope } from "effect"
import { burstScenario } from "./MultiProcessBurst.js"
import { fakeModel } from "./FakeModel.js"
import { scheduleEnv, scheduleScenario } from "./MultiProcessSchedule.js"
import { webhookEnv, webhooksScenario } from "./MultiProcessWebhooks.js"
import { all, countOf, outboxEmpty, type Running, type SharedStore, tally, waitUntil } from "./MultiProcessTools.js"
import { start } from "./ServerProcesses.js"

export type { SharedStore } from "./MultiProcessTools.js"

/** What every process gets: one key (a token from one is good at all), cheap hashes, quick polls. */
const commonEnv = (store: SharedStore): Record<string, string> => ({
  DATABASE_URL: store.databaseUrl,
  SECRET_KEY: "an-adequately-long-test-secret-key-0123456789",
  SCRYPT_PARALLELIZATION: "1",
  DATABASE_POOL_SIZE: "4",
  AGENT_REGISTRATIONS_PER_HOUR: "1000",
  NOTIFICATION_POLL_SECONDS: "1"
})

class MultiProcess extends Context.Tag("MultiProcess")<MultiProcess, Running>() {}

/** `count` processes on a fresh `newStore`, with a fake model; all stopped when the layer closes. */
const layerOn = (count: number, newStore: Effect.Effect<SharedStore, unknown, Scope.Scope>) =>
  Layer.scoped(
    MultiProcess,
    Effect.gen(function*() {
      const store = yield* newStore
      const model = yield* fakeModel
      const processes = yield* start(count, { ...commonEnv(store), ...scheduleEnv(model), ...webhookEnv })
      const inspect = Layer.succeedContext(yield* Layer.build(Layer.orDie(store.inspect)))
      return { processes, store, inspect, model }
    })
  )

/** Runs `scenario` on the file's processes; when it fails, their output goes with the failure. */
const on = <A, E>(scenario: (running: Running) => Effect.Effect<A, E>) => () =>
  Effect.flatMap(MultiProcess, (running) =>
    scenario(running).pipe(
      Effect.tapErrorCause(() => Effect.logError(`server output:\n${running.processes.output()}`))
    ))

const Users = Schema.Array(Schema.Struct({ username: Schema.String }))
const Notifications = Schema.Array(Schema.Struct({
  kind: Schema.String,
  actor_id: Schema.String,
  comment_id: Schema.NullOr(Schema.String)
}))

const counters = ({ processes }: Running) =>
  Effect.gen(function*() {
    expect(yield* concurrencyScenario("mp")).toEqual(exactOutcome)

    // One username claimed twenty times at once, through every process: one account.
    const claims = yield* all(
      Array.from({ length: 20 }, () => postJson("/api/users", { username: "contested", password: "password123" }))
    )
    expect(countOf(claims)).toEqual({ 201: 1, 409: 19 })

    yield* signUp("mp_star")
    const fans = yield* Effect.all(Array.from({ length: 20 }, (_, i) => signUp(`mp_fan${i}`)), { concurrency: 5 })
    const fan = fans[0] ?? (yield* Effect.dieMessage("no fans"))
    const follows = yield* all([
      ...fans.map((f) => postEmpty("/api/users/mp_star/follow", f.token)),
      ...Array.from({ length: 10 }, () => postEmpty("/api/users/mp_star/follow", fan.token))
    ])
    expect(countOf(follows)).toEqual({ 204: 30 })
    const followers = yield* Schema.decodeUnknown(Users)((yield* get("/api/users/mp_star/followers?limit=100")).body)
    expect(new Set(followers.map((u) => u.username)).size).toBe(20)
    expect(followers.length).toBe(20)

    // Follow and unfollow interleaved: the follow is there once or not at all.
    const toggles = yield* all(Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? postEmpty("/api/users/mp_star/follow", fan.token)
        : del("/api/users/mp_star/follow", fan.token)))
    expect(countOf(toggles)).toEqual({ 204: 20 })
    const after = yield* Schema.decodeUnknown(Users)((yield* get("/api/users/mp_star/followers?limit=100")).body)
    const fanEntries = after.filter((u) => u.username === fan.user["username"]).length
    expect(fanEntries).toBeLessThanOrEqual(1)
    expect(after.length - fanEntries).toBe(19)
  }).pipe(Effect.provide(processes.roundRobin))

const notifications = ({ inspect, processes }: Running) =>
  Effect.gen(function*() {
    const author = yield* signUp("nt_author")
    const parent = yield* signUp("nt_parent")
    const mentioned = yield* signUp("nt_mentioned")
    const crowd = yield* Effect.all(Array.from({ length: 10 }, (_, i) => signUp(`nt_crowd${i}`)), { concurrency: 5 })
    yield* createChannel(author.token, "nt-chan")
    const postId = String((yield* createPost(author.token, "nt-chan", "Talk to me"))["id"])
    const top = yield* postJson("/api/comments", { post_id: postId, content: "A thread" }, parent.token)
    expect(top.status).toBe(201)
    const parentId = str(top, "id")

    // Each of the crowd, at once and through every process: a comment that
    // mentions someone, a reply to the thread, and a follow of its author.
    const writes = yield* all(crowd.flatMap((c, i) => [
      postJson("/api/comments", { post_id: postId, content: `hello @nt_mentioned ${i}` }, c.token),
      postJson("/api/comments", { post_id: postId, parent_id: parentId, content: `reply ${i}` }, c.token),
      postEmpty("/api/users/nt_parent/follow", c.token)
    ]))
    expect(countOf(writes)).toEqual({ 201: 20, 204: 10 })

    // Every event delivered, by whichever process took it: then the counts are final.
    yield* waitUntil("the outbox to be empty", outboxEmpty.pipe(Effect.provide(inspect)))
    const kindsOf = (token: string) =>
      Effect.gen(function*() {
        const reply = yield* get("/api/notifications?limit=100", token)
        const listed = yield* Schema.decodeUnknown(Notifications)(reply.body)
        const keys = listed.map((n) => `${n.kind}:${n.actor_id}:${n.comment_id ?? ""}`)
        expect(new Set(keys).size).toBe(keys.length)
        return tally(listed.map((n) => n.kind))
      })
    expect(yield* kindsOf(author.token)).toEqual({ comment_on_post: 21 })
    expect(yield* kindsOf(parent.token)).toEqual({ reply: 10, follow: 10 })
    expect(yield* kindsOf(mentioned.token)).toEqual({ mention: 10 })
    // The same through every process.
    for (const _ of processes.servers) expect(yield* kindsOf(author.token)).toEqual({ comment_on_post: 21 })
  }).pipe(Effect.provide(processes.roundRobin))

/** Per test: the machine may be shared, and a hundred sign-ups take a while on a busy one. */
const timeout = 60_000

/** The suite on `count` processes; `newStore` makes the shared database. */
export const multiProcessSuite = (
  name: string,
  count: number,
  newStore: Effect.Effect<SharedStore, unknown, Scope.Scope>
): void => {
  layer(layerOn(count, newStore), { timeout: Duration.seconds(60), excludeTestServices: true })(
    `${count} server processes on one ${name} database`,
    (it) => {
      it.effect(
        "counters stay exact and usernames unique under bursts spread over every process",
        on(counters),
        timeout
      )
      it.effect("each notification arrives exactly once, whichever process wrote the event", on(notifications), timeout)
      it.effect("each scheduled agent acts once per period across all processes", on(scheduleScenario), timeout)
      it.effect("each webhook event arrives once, signed, whichever process delivers it", on(webhooksScenario), timeout)
      // Last: it leaves one process fewer.
      it.effect(
        "a process SIGKILLed mid-burst loses no answered write; the others carry on",
        on(burstScenario),
        timeout
      )
    }
  )
}
