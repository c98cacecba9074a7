/**
 * Two notification workers on one database, each with connections of its
 * own (as two server processes): every event is notified exactly once and
 * the outbox ends empty. Claims keep them apart: the entries one worker
 * claimed are never handed to the other while the claim lasts (on
 * PostgreSQL the two drains run at once, and what each claimed is
 * recorded). A worker that dies holding a claim is staged: after the claim
 * ends the other takes the same entries, and the first one's late delivery
 * adds nothing, as NotificationRepo promises (`deliver` keeps the
 * notification already stored for an (entry, recipient)). On one SQLite
 * file (two connections) only the staged race runs: better-sqlite3 is
 * synchronous, so in one process a connection waiting on the other's write
 * lock blocks the thread that would release it (SQLITE_BUSY after
 * busy_timeout); two real processes wait instead.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import {
  FollowRepo,
  IdGeneratorUuidV7,
  Notification,
  NotificationId,
  NotificationRepo,
  NotificationWorker,
  type OutboxEntry,
  OutboxSignal,
  WebhookSignal
} from "@holonet/domain"
import { at, makeUser, seedUsers } from "@holonet/domain/contracts"
import { Context, DateTime, Effect, Layer, type Scope } from "effect"
import { Pg, RepositoriesSql, Sqlite } from "../src/index.js"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { tempDatabaseFile } from "./TempDatabase.js"

const users = Array.from({ length: 60 }, (_, i) => makeUser(`u${i}`))
/** Each user follows the next five: 300 `followed` events, one notification each. */
const follows = users.flatMap((follower, i) =>
  Array.from({ length: 5 }, (_, k) => [follower, users[(i + k + 1) % users.length] ?? follower] as const)
)

/** The worker's NotificationRepo, noting the id of every entry it claims in `claimed`. */
const recordingClaims = (claimed: Array<number>) =>
  Layer.effect(
    NotificationRepo,
    Effect.map(NotificationRepo, (repo) =>
      NotificationRepo.of({
        ...repo,
        claim: (limit, now, claimUntil) =>
          Effect.tap(
            repo.claim(limit, now, claimUntil),
            (entries) => Effect.sync(() => claimed.push(...entries.map((entry) => entry.id)))
          )
      }))
  )

/** A worker, the repositories and the client, on connections of their own, built in the caller's scope. */
const workerOn = <E>(client: Layer.Layer<SqlClient.SqlClient, E>, claimed: Array<number> = []) =>
  Layer.build(
    NotificationWorker.Default.pipe(
      Layer.provide(recordingClaims(claimed)),
      Layer.provideMerge(RepositoriesSql.layer),
      Layer.provide(Layer.mergeAll(IdGeneratorUuidV7.layer, OutboxSignal.Default, WebhookSignal.Default)),
      Layer.provideMerge(client)
    )
  )

type Stack = Effect.Effect.Success<ReturnType<typeof workerOn>>

const seed = Effect.gen(function*() {
  yield* seedUsers(...users)
  const repo = yield* FollowRepo
  yield* Effect.forEach(follows, ([follower, followee], i) => repo.follow(follower.id, followee.id, at(i)), {
    discard: true
  })
})

/** Every follow notified once, by whichever worker, and nothing left in the outbox. */
const expectNotifiedOnce = (stack: Stack) =>
  Effect.gen(function*() {
    const sql = Context.get(stack, SqlClient.SqlClient)
    const rows = yield* sql<{ readonly recipient_id: string; readonly actor_id: string; readonly kind: string }>`
      SELECT recipient_id, actor_id, kind FROM notifications`.pipe(Effect.orDie)
    const told = rows.map((row) => `${row.kind} ${row.actor_id} -> ${row.recipient_id}`).sort()
    const expected = follows.map(([follower, followee]) => `follow ${follower.id} -> ${followee.id}`).sort()
    expect(told).toEqual(expected)
    const [left] = yield* sql<{ readonly n: number | string }>`SELECT COUNT(*) AS n FROM outbox`.pipe(Effect.orDie)
    expect(Number(left?.n)).toBe(0)
  })

/** Both drain at once; no entry was claimed by both, and each was handled once. */
const drainedOnce = (
  first: Stack,
  second: Stack,
  claimed: readonly [ReadonlyArray<number>, ReadonlyArray<number>]
): Effect.Effect<void, never, Scope.Scope> =>
  Effect.gen(function*() {
    yield* seed.pipe(Effect.provide(first))
    const drain = (stack: Stack) => Context.get(stack, NotificationWorker).drain
    const handled = yield* Effect.all([drain(first), drain(second)], { concurrency: 2 })
    expect(handled[0] + handled[1]).toBe(follows.length)
    const [byOne, byTwo] = claimed
    expect(byOne.filter((id) => byTwo.includes(id))).toEqual([])
    expect(new Set([...byOne, ...byTwo]).size).toBe(follows.length)
    yield* expectNotifiedOnce(second)
  })

/** The follow notification a worker makes of `entry`, under an id of the worker's own. */
const deliveryOf = (worker: string) => (entry: OutboxEntry) => ({
  entryId: entry.id,
  deliveries: entry.event.kind === "followed"
    ? [{
      recipientId: entry.event.followeeId,
      notification: new Notification({
        id: NotificationId.make(`${worker}-${entry.id}`),
        kind: "follow",
        actorId: entry.event.followerId,
        postId: null,
        commentId: null,
        createdAt: DateTime.unsafeMake(entry.createdAt),
        readAt: null
      })
    }]
    : []
})

const t0 = Date.UTC(2025, 0, 1)
const minute = 60_000

/**
 * The first claims the whole outbox and stalls (a process that died, or
 * froze): the second gets nothing until the claim ends, then the same
 * entries; it delivers them, and the first's late delivery adds nothing.
 */
const staleClaim = (first: Stack, second: Stack): Effect.Effect<void> =>
  Effect.gen(function*() {
    yield* seed.pipe(Effect.provide(first))
    const one = Context.get(first, NotificationRepo)
    const two = Context.get(second, NotificationRepo)
    const heldByOne = yield* one.claim(follows.length, t0, t0 + minute)
    expect(heldByOne).toHaveLength(follows.length)
    expect(yield* two.claim(follows.length, t0 + minute - 1, t0 + 2 * minute)).toEqual([])
    const takenByTwo = yield* two.claim(follows.length, t0 + minute, t0 + 2 * minute)
    expect(takenByTwo.map((entry) => entry.id)).toEqual(heldByOne.map((entry) => entry.id))
    yield* two.deliver(takenByTwo.map(deliveryOf("two")))
    yield* one.deliver(heldByOne.map(deliveryOf("one")))
    yield* expectNotifiedOnce(second)
    expect(yield* one.claim(follows.length, t0 + 10 * minute, t0 + 11 * minute)).toEqual([])
  })

describe("two notification workers on one database", () => {
  it.scoped(
    "PostgreSQL, two pools draining at once: disjoint claims, each event notified exactly once, the outbox emptied",
    () =>
      Effect.gen(function*() {
        const url = yield* TempDatabasePg.url
        const byOne: Array<number> = []
        const byTwo: Array<number> = []
        // One after the other: the first build migrates, the second finds it done.
        const first = yield* workerOn(Pg.layer({ url, maxConnections: 2 }), byOne)
        const second = yield* workerOn(Pg.layer({ url, maxConnections: 2 }), byTwo)
        yield* drainedOnce(first, second, [byOne, byTwo])
      }),
    { timeout: 30_000 }
  )

  it.scoped(
    "PostgreSQL, two pools, a stalled worker's claim: held back until it ends, then each event notified once",
    () =>
      Effect.gen(function*() {
        const url = yield* TempDatabasePg.url
        const first = yield* workerOn(Pg.layer({ url, maxConnections: 2 }))
        const second = yield* workerOn(Pg.layer({ url, maxConnections: 2 }))
        yield* staleClaim(first, second)
      }),
    { timeout: 30_000 }
  )

  it.scoped(
    "SQLite, two connections, a stalled worker's claim: held back until it ends, then each event notified once",
    () =>
      Effect.gen(function*() {
        const file = yield* tempDatabaseFile
        const first = yield* workerOn(Sqlite.layer(file))
        const second = yield* workerOn(Sqlite.layer(file))
        yield* staleClaim(first, second)
      }),
    { timeout: 30_000 }
  )
})
