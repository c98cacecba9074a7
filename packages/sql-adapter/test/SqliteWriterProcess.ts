/**
 * A child process for SqliteProcesses.test.ts: opens Sqlite.layer on the file
 * given as argument, says "ready", waits for a line on stdin, then runs
 * read-then-write transactions on the `counter` table and exits 0, or 1 on
 * any failure (SQLITE_BUSY included).
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { Effect } from "effect"
import { once } from "node:events"
import * as Sqlite from "../src/Sqlite.js"

const [file = "", roundsArg = "0"] = process.argv.slice(2)
const rounds = Number(roundsArg)

const increment = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.withTransaction(Effect.gen(function*() {
    const rows = yield* sql<{ readonly n: number }>`SELECT n FROM counter WHERE id = 1`
    const n = rows[0]?.n ?? 0
    yield* sql`UPDATE counter SET n = ${n + 1} WHERE id = 1`
  }))
})

const program = Effect.gen(function*() {
  process.stdout.write("ready\n")
  yield* Effect.promise(() => once(process.stdin, "data"))
  process.stdin.pause()
  for (let i = 0; i < rounds; i++) yield* increment
}).pipe(Effect.provide(Sqlite.layer(file)))

Effect.runPromiseExit(program).then((exit) => {
  if (exit._tag === "Failure") process.stderr.write(`${String(exit.cause)}\n`)
  process.exitCode = exit._tag === "Success" ? 0 : 1
})
