/**
 * Two processes on one SQLite file (what WORKERS > 1 does): transactions that
 * read then write wait for each other's write lock (BEGIN IMMEDIATE +
 * busy_timeout) instead of failing with SQLITE_BUSY, and none loses an update.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { spawn } from "node:child_process"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import * as Sqlite from "../src/Sqlite.js"
import { tempDatabaseFile } from "./TempDatabase.js"

const repoRoot = join(import.meta.dirname, "..", "..", "..")
const tsxLoader = pathToFileURL(join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href
const writer = join(import.meta.dirname, "SqliteWriterProcess.ts")

const startWriter = (file: string, rounds: number) => {
  const child = spawn(process.execPath, [
    "--import",
    tsxLoader,
    "--conditions=@holonet/source",
    writer,
    file,
    `${rounds}`
  ])
  let output = ""
  const ready = new Promise<void>((resolve) =>
    child.stdout.on("data", (data: Buffer) => {
      output += data.toString()
      if (output.includes("ready")) resolve()
    })
  )
  child.stderr.on("data", (data: Buffer) => (output += data.toString()))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return { child, ready, exited, output: () => output }
}

describe("Sqlite.layer in several processes", () => {
  it.live(
    "concurrent read-then-write transactions from two processes: no SQLITE_BUSY, no lost update",
    () =>
      Effect.gen(function*() {
        const file = yield* tempDatabaseFile
        yield* Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* sql`CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`
          yield* sql`INSERT INTO counter (id, n) VALUES (1, 0)`
        }).pipe(Effect.provide(Sqlite.layer(file)))
        const rounds = 300
        const writers = [startWriter(file, rounds), startWriter(file, rounds)]
        const codes = yield* Effect.promise(async () => {
          try {
            await Promise.all(writers.map((w) => w.ready))
            for (const w of writers) w.child.stdin.end("go\n")
            return await Promise.all(writers.map((w) => w.exited))
          } finally {
            for (const w of writers) if (w.child.exitCode === null) w.child.kill("SIGKILL")
          }
        })
        expect({ codes, output: writers.map((w) => w.output()).join("") }).toEqual({
          codes: [0, 0],
          output: "ready\nready\n"
        })
        const rows = yield* Effect.flatMap(
          SqlClient.SqlClient,
          (sql) => sql<{ readonly n: number }>`SELECT n FROM counter WHERE id = 1`
        ).pipe(Effect.provide(Layer.fresh(Sqlite.layer(file))))
        expect(rows[0]?.n).toBe(2 * rounds)
      }).pipe(Effect.scoped),
    { timeout: 60_000 }
  )
})
