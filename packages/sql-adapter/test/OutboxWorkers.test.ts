/**
 * Two notification workers on one database, each with connections of its
 * own (as two server processes), both holding the same pending entries:
 * every event is notified exactly once and the outbox ends empty, as
 * NotificationRepo promises (`deliver` keeps the notification already stored
 * for an (entry, recipient)). On PostgreSQL (two pools) the two drains run
 * at once. On one SQLite file (two connections) the race is staged step by
 * step: better-sqlite3 is synchronous, so in one process a connection
 * waiting on the other's write lock blocks the thread that would release it
 * (SQLITE_BUSY after busy_timeout); two real processes wait instead.
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
  OutboxSignal
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

/** A worker, the repositories and the client, on connections of their own, built in the caller's scope. */
const workerOn = <E>(client: Layer.Layer<SqlClient.SqlClient, E>) =>
  Layer.build(
    NotificationWorker.Default.pipe(
      Layer.provideMerge(RepositoriesSql.layer),
      Layer.provide(Layer.mergeAll(IdGeneratorUuidV7.layer, OutboxSignal.Default)),
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

const drainedOnce = (first: Stack, second: Stack): Effect.Effect<void, never, Scope.Scope> =>
  Effect.gen(function*() {
    yield* seed.pipe(Effect.provide(first))
    const drain = (stack: Stack) => Context.get(stack, NotificationWorker).drain
    const handled = yield* Effect.all([drain(first), drain(second)], { concurrency: 2 })
    expect(handled[0] + handled[1]).toBeGreaterThanOrEqual(follows.length)
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

/** Both read the whole outbox before either delivers, then both deliver all of it. */
const stagedOnce = (first: Stack, second: Stack): Effect.Effect<void> =>
  Effect.gen(function*() {
    yield* seed.pipe(Effect.provide(first))
    const one = Context.get(first, NotificationRepo)
    const two = Context.get(second, NotificationRepo)
    const seenByOne = yield* one.pending(follows.length)
    const seenByTwo = yield* two.pending(follows.length)
    expect(seenByTwo.map((entry) => entry.id)).toEqual(seenByOne.map((entry) => entry.id))
    expect(seenByOne).toHaveLength(follows.length)
    yield* one.deliver(seenByOne.map(deliveryOf("one")))
    yield* two.deliver(seenByTwo.map(deliveryOf("two")))
    yield* expectNotifiedOnce(second)
  })

describe("two notification workers on one database", () => {
  it.scoped(
    "PostgreSQL, two pools: each event notified exactly once, the outbox emptied",
    () =>
      Effect.gen(function*() {
        const url = yield* TempDatabasePg.url
        // One after the other: the first build migrates, the second finds it done.
        const first = yield* workerOn(Pg.layer({ url, maxConnections: 2 }))
        const second = yield* workerOn(Pg.layer({ url, maxConnections: 2 }))
        yield* drainedOnce(first, second)
      }),
    { timeout: 30_000 }
  )

  it.scoped(
    "PostgreSQL, two pools, both read the outbox before either delivers: each event notified once",
    () =>
      Effect.gen(function*() {
        const url = yield* TempDatabasePg.url
        const first = yield* workerOn(Pg.layer({ url, maxConnections: 2 }))
        const second = yield* workerOn(Pg.layer({ url, maxConnections: 2 }))
        yield* stagedOnce(first, second)
      }),
    { timeout: 30_000 }
  )

  it.scoped(
    "SQLite, two connections, both read the outbox before either delivers: each event notified once",
    () =>
      Effect.gen(function*() {
        const file = yield* tempDatabaseFile
        const first = yield* workerOn(Sqlite.layer(file))
        const second = yield* workerOn(Sqlite.layer(file))
        yield* stagedOnce(first, second)
      }),
    { timeout: 30_000 }
  )
})
