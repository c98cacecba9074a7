/**
 * Crash durability on PostgreSQL: five times over one database, a server
 * process is SIGKILLed in the middle of a burst of posts, comments and votes
 * (CrashRounds.ts); after each kill every write answered 2xx is stored and
 * the invariant checker (pnpm check-db) finds nothing.
 */
import { describe, expect, it } from "@effect/vitest"
import { Pg } from "@holonet/sql-adapter"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { Effect, Redacted } from "effect"
import { crashRounds } from "./CrashRounds.js"
import { secretKey } from "./InProcessServer.js"

describe("crash durability on PostgreSQL", () => {
  it.live(
    "5 SIGKILLs mid-burst: every answered write is kept and the invariants hold",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* TempDatabasePg.url
        const totals = yield* crashRounds({
          env: { DATABASE_URL: Redacted.value(url), SECRET_KEY: secretKey, AGENT_SCHEDULER: "false" },
          inspect: Pg.layer({ url, maxConnections: 1 }),
          rounds: 5,
          burst: 40,
          killAfter: 16,
          inFlight: 10
        })
        expect(totals.posts).toBeGreaterThan(15)
        expect(totals.votes).toBeGreaterThan(10)
        expect(totals.unanswered).toBeGreaterThanOrEqual(5)
      })),
    120_000
  )
})
