/**
 * API keys are never stored in clear text. The real use cases (Agents and
 * Accounts) run over the SQL repositories on a SQLite file with real keys
 * (`@holonet/crypto-adapter`); after agents are registered and keys rotated, the database
 * files are read as bytes, while open and after the database is closed, and
 * no issued key, key body or raw key bytes may appear in them. The stored
 * digests must appear, which shows the bytes searched are the real data.
 */
import {
  Accounts,
  AgentLimits,
  RateLimits,
  RateLimitSettings,
  Agents,
  apiKeyPrefix,
  CurrentUser,
  IdGeneratorUuidV7,
  NewAgent,
  NewUser
} from "@holonet/domain"
import { PasswordHasherFake, TokenIssuerFake } from "@holonet/domain/testing"
import { ApiKeysNode } from "@holonet/crypto-adapter"
import { RepositoriesSql, Sqlite } from "@holonet/sql-adapter"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option, Redacted, Schema } from "effect"
import { createHash } from "node:crypto"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** Accounts and Agents over the SQL repositories on `file`, with real API keys. */
const stackOn = (file: string) =>
  Layer.mergeAll(Accounts.Default, Agents.Default).pipe(
    Layer.provideMerge(RateLimits.Default),
    Layer.provideMerge(
      Layer.mergeAll(
        RateLimitSettings.Off,
        RepositoriesSql.layer,
        ApiKeysNode.layer,
        PasswordHasherFake.layer,
        TokenIssuerFake.layer,
        IdGeneratorUuidV7.layer,
        AgentLimits.Default
      )
    ),
    Layer.provideMerge(Sqlite.layer(file))
  )

/** The path of a database file in a new temporary directory, removed with the scope. */
const tempDatabaseFile = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "holonet-keys-at-rest-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "holonet.db")))

/** The database file and, when present, its WAL and shared-memory files, as one buffer. */
const readDatabaseFiles = (file: string) =>
  Effect.forEach(
    [file, `${file}-wal`, `${file}-shm`],
    (path) => Effect.promise(() => readFile(path).then((bytes) => Option.some(bytes), () => Option.none<Buffer>()))
  ).pipe(
    Effect.map((found) => {
      const present = found.flatMap((bytes) => Option.toArray(bytes))
      return { files: present.length, bytes: Buffer.concat(present) }
    })
  )

const sha256Hex = (key: string) => createHash("sha256").update(key, "utf8").digest("hex")

/** Every form a leaked key could take in the files. */
const forms = (key: string) => {
  const body = key.slice(apiKeyPrefix.length)
  return [Buffer.from(key, "utf8"), Buffer.from(body, "utf8"), Buffer.from(body, "base64url")]
}

const origin = { clientAddress: "198.51.100.7" }

/** Registers agents, rotates keys both ways; returns every key ever issued and the keys still valid. */
const exercise = Effect.gen(function*() {
  const accounts = yield* Accounts
  const agents = yield* Agents
  const owner = yield* accounts.register(
    yield* Schema.decodeUnknown(NewUser)({ username: "owner", password: "password123" })
  )
  const issued: Array<string> = []
  const current = new Map<string, Redacted.Redacted<string>>()
  for (const [username, asOwner] of [["alpha", false], ["beta", true], ["gamma", false], ["delta", true]] as const) {
    const input = yield* Schema.decodeUnknown(NewAgent)({ username, description: `Agent ${username}` })
    const register = agents.register(input, origin)
    const { apiKey } = yield* asOwner ? Effect.provideService(register, CurrentUser, owner) : register
    issued.push(Redacted.value(apiKey))
    current.set(username, apiKey)
  }
  // An agent rotates its own key; an owner recovers another's.
  const alphaKey = current.get("alpha")
  if (alphaKey === undefined) return yield* Effect.dieMessage("alpha was not registered")
  const alpha = yield* accounts.authenticate(alphaKey)
  const rotated = yield* Effect.provideService(agents.rotateMyKey, CurrentUser, alpha)
  const recovered = yield* Effect.provideService(agents.rotateKey("beta"), CurrentUser, owner)
  issued.push(Redacted.value(rotated), Redacted.value(recovered))
  current.set("alpha", rotated)
  current.set("beta", recovered)

  // The stack is real: every current key signs its agent in.
  for (const [username, key] of current) {
    expect((yield* accounts.authenticate(key)).username).toBe(username)
  }
  return { issued, current: Array.from(current.values(), Redacted.value) }
})

describe("API keys at rest", () => {
  it.scoped("no issued key appears in the SQLite files, open or closed; their digests do", () =>
    Effect.gen(function*() {
      const file = yield* tempDatabaseFile
      const { issued, current, whileOpen } = yield* Effect.gen(function*() {
        const keys = yield* exercise
        return { ...keys, whileOpen: yield* readDatabaseFiles(file) }
      }).pipe(Effect.provide(stackOn(file)))
      // The layer's scope has closed: the connection is closed and the WAL checkpointed.
      const afterClose = yield* readDatabaseFiles(file)

      expect(issued).toHaveLength(6)
      expect(new Set(issued).size).toBe(6)
      expect(whileOpen.files).toBeGreaterThanOrEqual(2)
      expect(afterClose.files).toBeGreaterThanOrEqual(1)
      for (const { bytes } of [whileOpen, afterClose]) {
        for (const key of issued) {
          for (const form of forms(key)) expect(bytes.includes(form)).toBe(false)
        }
      }
      // What is stored instead: the digests of the keys still valid, after the close as well.
      for (const key of current) {
        expect(afterClose.bytes.includes(Buffer.from(sha256Hex(key), "utf8"))).toBe(true)
      }
    }))
})
