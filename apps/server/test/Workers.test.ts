/**
 * WORKERS: one process by default, at most 64, and a cluster only on a
 * database the workers can share.
 */
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect } from "effect"
import { AppConfig } from "../src/AppConfig.js"
import * as Launch from "../src/Launch.js"

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

const workers = (env: Record<string, string>) => Effect.map(AppConfig, (config) => config.workers).pipe(withEnv(env))

describe("WORKERS", () => {
  it.effect("is 1 unless set, and takes 1 to 64", () =>
    Effect.gen(function*() {
      expect(yield* workers({})).toBe(1)
      expect(yield* workers({ WORKERS: "4" })).toBe(4)
      expect(yield* workers({ WORKERS: "64" })).toBe(64)
    }))

  it.effect.each(["0", "65", "two", "1.5"])(
    "WORKERS=%s stops start-up with a message naming it",
    (value) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(workers({ WORKERS: value }))
        expect(String(error)).toContain("WORKERS")
      })
  )

  it.effect("above 1 on sqlite::memory: (a database private to each process) is refused before any fork", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Launch.main.pipe(withEnv({ WORKERS: "2", DATABASE_URL: "sqlite::memory:" })))
      expect(String(error)).toContain("WORKERS")
      expect(String(error)).toContain("sqlite::memory:")
    }))
})
