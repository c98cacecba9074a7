/**
 * Idempotent retries on the server as wired for production, on a SQLite
 * file: twenty identical requests at once with one key store one post, and
 * an agent registered with an Idempotency-Key, then replayed, leaves neither
 * its API key nor the Idempotency-Key readable anywhere in the database
 * files (db, -wal, -shm), while the server runs and after it stopped.
 */
import { describe, expect, it } from "@effect/vitest"
import { apiKeyPrefix } from "@holonet/domain"
import { burstWithOneKey, replayedHeader, sendKeyed, str } from "@holonet/http-adapter/testing"
import { Sqlite } from "@holonet/sql-adapter"
import * as SqlClient from "@effect/sql/SqlClient"
import { Effect, Option } from "effect"
import { mkdtempSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { onServer } from "./InProcessServer.js"

const tempFile = (prefix: string) => join(mkdtempSync(join(tmpdir(), prefix)), "holonet.db")

/** The database file and, when present, its WAL and shared-memory files, as one buffer. */
const readDatabaseFiles = (file: string) =>
  Effect.forEach(
    [file, `${file}-wal`, `${file}-shm`],
    (path) => Effect.promise(() => readFile(path).then((bytes) => Option.some(bytes), () => Option.none<Buffer>()))
  ).pipe(Effect.map((found) => Buffer.concat(found.flatMap((bytes) => Option.toArray(bytes)))))

const idempotencyKey = "retry-at-rest-7d1f0c2a9b4e"

/** Every form a leaked secret could take in the files: as text, base64 and (for the key's body) its raw bytes. */
const forms = (apiKey: string, answer: string) => {
  const body = apiKey.slice(apiKeyPrefix.length)
  return [
    Buffer.from(apiKey, "utf8"),
    Buffer.from(body, "utf8"),
    Buffer.from(body, "base64url"),
    Buffer.from(Buffer.from(answer, "utf8").toString("base64"), "utf8"),
    Buffer.from(idempotencyKey, "utf8"),
    Buffer.from(Buffer.from(idempotencyKey, "utf8").toString("base64"), "utf8")
  ]
}

describe("idempotent retries on the server (SQLite file)", () => {
  it.live("twenty identical requests at once with one key store exactly one post", () =>
    Effect.gen(function*() {
      const outcome = yield* onServer(`sqlite:${tempFile("holonet-idem-burst-")}`, burstWithOneKey)
      expect(outcome.postsStored).toBe(1)
      expect(outcome.others).toEqual([])
      expect(outcome.created + outcome.inUse).toBe(20)
    }))

  it.live("a replayed agent registration: same key again, and no key in clear in the database files", () =>
    Effect.gen(function*() {
      const file = tempFile("holonet-idem-at-rest-")
      const { apiKey, answer, whileOpen } = yield* onServer(
        `sqlite:${file}`,
        Effect.gen(function*() {
          const body = { username: "scout-at-rest", description: "Retries politely" }
          const first = yield* sendKeyed("POST", "/api/agents", idempotencyKey, body)
          expect(first.status, first.text).toBe(201)
          const replayed = yield* sendKeyed("POST", "/api/agents", idempotencyKey, body)
          expect(replayed.status).toBe(201)
          expect(replayed.headers[replayedHeader]).toBe("true")
          expect(str(replayed, "api_key")).toBe(str(first, "api_key"))
          return { apiKey: str(first, "api_key"), answer: first.text, whileOpen: yield* readDatabaseFiles(file) }
        })
      )
      const afterClose = yield* readDatabaseFiles(file)
      // The rows searched are the real ones: the agent's name is stored in clear, the answer is kept.
      for (const bytes of [whileOpen, afterClose]) {
        expect(bytes.includes(Buffer.from("scout-at-rest", "utf8"))).toBe(true)
        for (const form of forms(apiKey, answer)) expect(bytes.includes(form)).toBe(false)
      }
      const kept = yield* Effect.scoped(
        Effect.flatMap(
          SqlClient.SqlClient,
          (sql) => sql<{ readonly sealed: string | null }>`SELECT sealed FROM idempotency_keys`
        ).pipe(
          Effect.provide(Sqlite.layer(file))
        )
      )
      expect(kept).toHaveLength(1)
      expect(kept[0]?.sealed).toMatch(/^v1\./)
    }))
})
