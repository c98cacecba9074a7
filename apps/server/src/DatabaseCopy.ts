/**
 * `pnpm db:copy`: moves a Holonet SQLite database into an empty PostgreSQL
 * database (`CopySqliteToPg` in the SQL adapter does the copy). The two
 * URLs come from `--from` and `--to`, or from FROM_DATABASE_URL and
 * TO_DATABASE_URL, in the forms DATABASE_URL takes. The SQLite file is
 * opened read-only and must already be at this version's schema; the
 * PostgreSQL database is migrated as the server would, then filled.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { CopySqliteToPg, Pg, Sqlite } from "@holonet/sql-adapter"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { existsSync } from "node:fs"
import { parseDatabaseUrl } from "./DatabaseUrl.js"

/** The command line or the configuration is not usable; nothing was read or written. */
export class CopyUsage extends Schema.TaggedError<CopyUsage>()("CopyUsage", { reason: Schema.String }) {
  override get message() {
    return this.reason
  }
}

const usage = "usage: db:copy --from sqlite:PATH --to postgres://user@host:5432/db " +
  "(or FROM_DATABASE_URL and TO_DATABASE_URL)"

/** `--name value` and `--name=value` pairs of `argv`, as configuration keys (`--from` → FROM_DATABASE_URL). */
export const flagsOf = (argv: ReadonlyArray<string>): Either.Either<Map<string, string>, CopyUsage> => {
  const keys: Record<string, string> = { "--from": "FROM_DATABASE_URL", "--to": "TO_DATABASE_URL" }
  const flags = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] ?? ""
    const [name = "", inline] = argument.split(/=(.*)/s, 2)
    const key = keys[name]
    const value = inline ?? argv[++i]
    if (key === undefined || value === undefined) {
      return Either.left(new CopyUsage({ reason: `unexpected argument '${argument}'; ${usage}` }))
    }
    flags.set(key, value)
  }
  return Either.right(flags)
}

/** The file to read and the PostgreSQL database to fill, from the configuration. */
const endpoints = Effect.gen(function*() {
  const from = yield* Config.string("FROM_DATABASE_URL").pipe(
    Effect.mapError(() => new CopyUsage({ reason: `no source: pass --from (or FROM_DATABASE_URL); ${usage}` }))
  )
  const to = yield* Config.redacted("TO_DATABASE_URL").pipe(
    Effect.mapError(() => new CopyUsage({ reason: `no target: pass --to (or TO_DATABASE_URL); ${usage}` }))
  )
  const source = parseDatabaseUrl(from)
  if (Either.isLeft(source) || source.right._tag !== "SqliteFile") {
    return yield* new CopyUsage({ reason: `--from must be a SQLite file, sqlite:PATH; ${usage}` })
  }
  const target = parseDatabaseUrl(Redacted.value(to))
  if (Either.isLeft(target) || target.right._tag !== "Postgres") {
    const why = Either.isLeft(target) ? target.left : "not a PostgreSQL URL"
    return yield* new CopyUsage({ reason: `--to: ${why}; ${usage}` })
  }
  if (!existsSync(source.right.filename)) {
    return yield* new CopyUsage({ reason: `--from: no file at ${source.right.filename}` })
  }
  return { filename: source.right.filename, url: target.right.url }
})

const clientOf = <E>(layer: Layer.Layer<SqlClient.SqlClient, E>) =>
  Effect.map(Layer.build(layer), Context.get(SqlClient.SqlClient))

/** Opens both databases (migrating PostgreSQL's), copies, and logs the rows per table. */
export const run = Effect.scoped(Effect.gen(function*() {
  const { filename, url } = yield* endpoints
  const source = yield* clientOf(Sqlite.layerReadOnly(filename))
  // Pg.layer migrates the target as the server does on start.
  const target = yield* clientOf(Pg.layer({ url, maxConnections: 2 }))
  yield* Effect.logInfo(`copying ${filename} into PostgreSQL`)
  const counts = yield* CopySqliteToPg.copy({ source, target })
  for (const count of counts) {
    yield* Effect.logInfo(`${count.table}: ${count.sourceRows} rows in SQLite, ${count.targetRows} in PostgreSQL`)
  }
  const total = counts.reduce((sum, count) => sum + count.targetRows, 0)
  yield* Effect.logInfo(`copy complete: ${total} rows in ${counts.length} tables, counts equal`)
  return counts
}))

/** `run` with the command line's flags before the environment. */
export const main = (argv: ReadonlyArray<string>) =>
  Effect.flatMap(flagsOf(argv), (flags) =>
    run.pipe(
      Effect.withConfigProvider(ConfigProvider.fromMap(flags).pipe(ConfigProvider.orElse(ConfigProvider.fromEnv)))
    ))
