/**
 * Crash durability on SQLite: 20 times over one database file, a server
 * process is SIGKILLed in the middle of a burst of posts, comments and votes
 * (CrashRounds.ts); after each kill every write answered 2xx is in the file,
 * the invariant checker (pnpm check-db) finds nothing, and SQLite's own
 * integrity check passes. The next round restarts on the same file.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Sqlite } from "@holonet/sql-adapter"
import { Effect, Layer } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { crashRounds } from "./CrashRounds.js"
import { secretKey } from "./InProcessServer.js"

const tempFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "holonet-crash-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "holonet.db")))

describe("crash durability on SQLite", () => {
  it.live(
    "20 SIGKILLs mid-burst: every answered write is kept and the invariants hold",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const file = yield* tempFile
        // Each verification opens the file as a restart would, and checks its integrity too.
        const inspect = Layer.effectDiscard(Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          expect(yield* sql`PRAGMA integrity_check`).toEqual([{ integrity_check: "ok" }])
        })).pipe(Layer.provideMerge(Sqlite.layer(file)))
        const totals = yield* crashRounds({
          env: { DATABASE_URL: `sqlite:${file}`, SECRET_KEY: secretKey, AGENT_SCHEDULER: "false" },
          inspect,
          rounds: 20,
          burst: 40,
          killAfter: 16,
          inFlight: 10
        })
        // The rounds wrote a good deal, and each kill left requests unanswered.
        expect(totals.posts).toBeGreaterThan(60)
        expect(totals.comments).toBeGreaterThan(40)
        expect(totals.votes).toBeGreaterThan(80)
        expect(totals.unanswered).toBeGreaterThanOrEqual(20)
      })),
    240_000
  )
})
