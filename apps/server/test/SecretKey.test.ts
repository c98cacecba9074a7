import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { mkdtempSync, readFileSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { resolveSecretKey } from "../src/SecretKey.js"

const tempDir = () => mkdtempSync(join(tmpdir(), "holonet-secret-"))

describe("resolveSecretKey", () => {
  it.effect("uses SECRET_KEY when it is long enough", () =>
    Effect.gen(function*() {
      const key = yield* resolveSecretKey({
        configured: Option.some(Redacted.make("s".repeat(32))),
        production: true,
        dataDir: tempDir()
      })
      expect(Redacted.value(key)).toBe("s".repeat(32))
    }).pipe(Effect.provide(NodeContext.layer)))

  it.effect("refuses a short SECRET_KEY, naming the variable", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(resolveSecretKey({
        configured: Option.some(Redacted.make("short")),
        production: false,
        dataDir: tempDir()
      }))
      expect(String(error)).toContain("SECRET_KEY")
    }).pipe(Effect.provide(NodeContext.layer)))

  it.effect("refuses to start in production without SECRET_KEY", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        resolveSecretKey({ configured: Option.none(), production: true, dataDir: tempDir() })
      )
      expect(String(error)).toContain("SECRET_KEY")
    }).pipe(Effect.provide(NodeContext.layer)))

  it.effect("outside production generates a 0600 key file once and reuses it", () =>
    Effect.gen(function*() {
      const dataDir = join(tempDir(), "nested")
      const first = yield* resolveSecretKey({ configured: Option.none(), production: false, dataDir })
      const second = yield* resolveSecretKey({ configured: Option.none(), production: false, dataDir })
      const file = join(dataDir, "secret_key")
      expect(Redacted.value(first)).toBe(Redacted.value(second))
      expect(Buffer.byteLength(Redacted.value(first))).toBeGreaterThanOrEqual(32)
      expect(readFileSync(file, "utf8")).toBe(Redacted.value(first))
      expect(statSync(file).mode & 0o777).toBe(0o600)
    }).pipe(Effect.provide(NodeContext.layer)))
})
