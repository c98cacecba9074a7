/**
 * Idempotent retries on the server as wired for production with REDIS_URL
 * set: the kept answers live in Redis (under REDIS_KEY_PREFIX), not in the
 * database, and twenty identical requests at once with one key still store
 * exactly one post.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { burstWithOneKey } from "@holonet/http-adapter/testing"
import { TempRedis } from "@holonet/redis-adapter/testing"
import { Sqlite } from "@holonet/sql-adapter"
import { Effect, Redacted } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { onServer } from "./InProcessServer.js"

describe("idempotent retries on the server with REDIS_URL", () => {
  it.live("twenty identical keyed requests store one post; the kept answer is in Redis, not the database", () =>
    Effect.gen(function*() {
      const file = join(mkdtempSync(join(tmpdir(), "holonet-idem-redis-")), "holonet.db")
      const prefix = yield* TempRedis.keyPrefix
      const outcome = yield* onServer(`sqlite:${file}`, burstWithOneKey, {
        AGENT_SCHEDULER: "false",
        REDIS_URL: Redacted.value(TempRedis.url),
        REDIS_KEY_PREFIX: prefix
      })
      expect(outcome.postsStored).toBe(1)
      expect(outcome.others).toEqual([])
      expect(outcome.created + outcome.inUse).toBe(20)
      const keys = yield* TempRedis.keysUnder(prefix)
      expect(keys.filter((key) => key.startsWith(`${prefix}idem:`))).toHaveLength(1)
      const rows = yield* Effect.flatMap(
        SqlClient.SqlClient,
        (sql) => sql<{ readonly n: number }>`SELECT COUNT(*) AS n FROM idempotency_keys`
      ).pipe(Effect.provide(Sqlite.layer(file)))
      expect(rows[0]?.n).toBe(0)
    }).pipe(Effect.scoped))
})
