/**
 * Two servers as wired for production, in this process, on one SQLite file:
 * their rate limits are one budget, as the counters live in the database
 * (`rate_limits`). What one server counted, the other refuses past.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as InProcessServer from "./InProcessServer.js"

const limits = { AGENT_SCHEDULER: "false", RATE_LIMITS: "on", RATE_LIMIT_REGISTER: "3/h", RATE_LIMIT_READ: "4/m" }

const call = (base: string, method: "GET" | "POST", path: string, body?: unknown) =>
  Effect.promise(() =>
    fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    }).then(async (response) => ({
      status: response.status,
      remaining: response.headers.get("x-ratelimit-remaining"),
      retryAfter: response.headers.get("retry-after")
    }))
  )

describe("rate limits across servers", () => {
  it.live("two servers on one SQLite file share every counter", () =>
    Effect.gen(function*() {
      const url = `sqlite:${join(mkdtempSync(join(tmpdir(), "holonet-shared-limits-")), "holonet.db")}`
      const a = yield* InProcessServer.start(url, limits)
      const b = yield* InProcessServer.start(url, limits)
      const register = (base: string, username: string) => call(base, "POST", "/api/agents", { username })

      expect((yield* register(a, "bot_1")).status).toBe(201)
      expect((yield* register(b, "bot_2")).status).toBe(201)
      expect((yield* register(a, "bot_3")).status).toBe(201)
      const refused = yield* register(b, "bot_4")
      expect(refused.status).toBe(429)
      expect(Number(refused.retryAfter)).toBeGreaterThan(3500)
      expect((yield* call(a, "GET", "/api/agents/bot_4")).status).toBe(404)

      // READ: the GET above on A, then B and A count down the same budget.
      expect(yield* call(b, "GET", "/api/agents/bot_1")).toMatchObject({ status: 200, remaining: "2" })
      expect(yield* call(a, "GET", "/api/agents/bot_2")).toMatchObject({ status: 200, remaining: "1" })
      expect(yield* call(b, "GET", "/api/agents/bot_3")).toMatchObject({ status: 200, remaining: "0" })
      expect((yield* call(a, "GET", "/api/agents/bot_1")).status).toBe(429)
    }).pipe(Effect.scoped))
})
