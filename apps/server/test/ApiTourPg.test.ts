/**
 * The differential API tour (issue 11): the same scripted walk through every
 * route against the server on SQLite (one process, a file database), on
 * PostgreSQL (a database of its own) and on a real WORKERS=3 cluster on
 * PostgreSQL (a request per connection, so all three workers serve it),
 * whose normalized transcripts must equal SQLite's step by step; and the
 * tour must call every route of the OpenAPI document, so a new route cannot
 * escape the comparison.
 */
import { describe, expect, it } from "@effect/vitest"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { Effect, Redacted, type Scope } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as InProcessServer from "./InProcessServer.js"
import { clientFor, firstDifference, operations, routesNotCalled, tourAt, type Transcript } from "./ApiTour.js"
import { logEntries, start } from "./ServerProcesses.js"

/** Starts the server on `databaseUrl`, runs the tour, reads the OpenAPI document, stops the server. */
const tourOn = (databaseUrl: Effect.Effect<string, unknown, Scope.Scope>) =>
  Effect.scoped(
    Effect.gen(function*() {
      const url = yield* databaseUrl
      const base = yield* InProcessServer.start(url, { AGENT_SCHEDULER: "false" })
      // The PostgreSQL run opens a connection per request, as a run against
      // several worker processes must: the transcript may not depend on it.
      const transcript = yield* tourAt(base, { connectionPerRequest: url.startsWith("postgres") })
      const client = yield* clientFor(base)
      const openApi = yield* client.get("/api/openapi.json").pipe(Effect.flatMap((r) => r.json), Effect.orDie)
      return { transcript, openApi }
    })
  )

/**
 * The tour against a WORKERS=3 process on a fresh PostgreSQL database (no AI
 * provider, as in-process), and the workers that served it, from the access
 * log (which changes no answer).
 */
const tourOnCluster = Effect.scoped(
  Effect.gen(function*() {
    const url = yield* TempDatabasePg.url
    const processes = yield* start(1, {
      WORKERS: "3",
      DATABASE_URL: Redacted.value(url),
      DATABASE_POOL_SIZE: "3",
      SECRET_KEY: InProcessServer.secretKey,
      AGENT_SCHEDULER: "false",
      ACCESS_LOG: "true",
      LOG_FORMAT: "json"
    })
    const primary = processes.servers[0]
    if (primary === undefined) return yield* Effect.dieMessage("one primary")
    const transcript = yield* tourAt(primary.base, { connectionPerRequest: true })
    const workers = new Set(
      logEntries(processes.output()).filter((entry) => entry.message === "Sent HTTP response").map((entry) =>
        entry.annotations["worker_pid"]
      )
    )
    return { transcript, workers }
  })
)

/** Expects `actual` to equal SQLite's transcript, naming the first differing step when not. */
const expectSameAsSqlite = (sqlite: Transcript, actual: Transcript) => {
  const difference = firstDifference(sqlite, actual)
  // The first differing step, SQLite's answer as expected and the other's as received.
  const where = difference === undefined ? "" : `step ${difference.index}: ${difference.expected?.label ?? "(none)"}`
  expect(difference?.actual, where).toEqual(difference?.expected)
  expect(actual.steps.length).toBe(sqlite.steps.length)
}

// Computed once per file, for every comparison.
const onSqlite = Effect.runSync(
  Effect.cached(tourOn(Effect.sync(() => `sqlite:${join(mkdtempSync(join(tmpdir(), "holonet-tour-")), "tour.db")}`)))
)

describe("the API tour", () => {
  it.live("calls every route of the OpenAPI document", () =>
    Effect.gen(function*() {
      const { openApi, transcript } = yield* onSqlite
      // 45 operations today (health and docs are outside the document, and called too).
      expect(operations(openApi).length).toBeGreaterThanOrEqual(45)
      expect(routesNotCalled(openApi, transcript.calls)).toEqual([])
      expect(routesNotCalled(openApi, transcript.calls.filter((call) => call.method !== "PATCH"))).toContain(
        "PATCH /api/posts/{id}"
      )
    }), 30_000)

  it.live("behaves the same on PostgreSQL as on SQLite", () =>
    Effect.gen(function*() {
      const sqlite = (yield* onSqlite).transcript
      const pg = (yield* tourOn(Effect.map(TempDatabasePg.url, Redacted.value))).transcript
      expectSameAsSqlite(sqlite, pg)
    }), 60_000)

  it.live("behaves the same on a WORKERS=3 cluster on PostgreSQL as on SQLite", () =>
    Effect.gen(function*() {
      const sqlite = (yield* onSqlite).transcript
      const cluster = yield* tourOnCluster
      expectSameAsSqlite(sqlite, cluster.transcript)
      // A request per connection: all three workers served the tour.
      expect(cluster.workers.size).toBe(3)
    }), 90_000)
})
