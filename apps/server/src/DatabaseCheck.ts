/**
 * `pnpm check-db`: verifies the invariants of a Holonet database (stored
 * counters, ranks, karma, the search index, the outbox; `Invariants` in the
 * SQL adapter) and with `--repair` recomputes what differs in one
 * transaction. The database is `--database URL` or DATABASE_URL, in the
 * forms DATABASE_URL takes (default `sqlite:./data/holonet.db`); it is
 * migrated first, as the server would on start. Fails (exit 1) naming each
 * mismatch; after `--repair`, only if something could not be repaired.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { Invariants, Pg, Sqlite } from "@holonet/sql-adapter"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { existsSync } from "node:fs"
import { defaultDatabaseUrl, parseDatabaseUrl } from "./DatabaseUrl.js"

/** The command line or the configuration is not usable; nothing was read. */
export class CheckUsage extends Schema.TaggedError<CheckUsage>()("CheckUsage", { reason: Schema.String }) {
  override get message() {
    return this.reason
  }
}

/** The database breaks invariants (after `--repair`: ones a repair cannot fix). */
export class InvariantsBroken extends Schema.TaggedError<InvariantsBroken>()("InvariantsBroken", {
  count: Schema.Number,
  repaired: Schema.Boolean
}) {
  override get message() {
    return this.repaired
      ? `${this.count} mismatches could not be repaired`
      : `${this.count} mismatches (run with --repair to recompute them)`
  }
}

const usage = "usage: check-db [--database URL] [--repair] (or DATABASE_URL)"

export interface CheckArguments {
  readonly repair: boolean
  readonly flags: Map<string, string>
}

/** `--repair`, and `--database value` or `--database=value` as DATABASE_URL. */
export const argumentsOf = (argv: ReadonlyArray<string>): Either.Either<CheckArguments, CheckUsage> => {
  const flags = new Map<string, string>()
  let repair = false
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] ?? ""
    const [name = "", inline] = argument.split(/=(.*)/s, 2)
    if (name === "--repair" && inline === undefined) {
      repair = true
      continue
    }
    const value = inline ?? argv[++i]
    if (name !== "--database" || value === undefined) {
      return Either.left(new CheckUsage({ reason: `unexpected argument '${argument}'; ${usage}` }))
    }
    flags.set("DATABASE_URL", value)
  }
  return Either.right({ repair, flags })
}

const databaseLayer = Effect.gen(function*() {
  const url = yield* Config.redacted("DATABASE_URL").pipe(Config.withDefault(Redacted.make(defaultDatabaseUrl)))
  const database = parseDatabaseUrl(Redacted.value(url))
  if (Either.isLeft(database)) return yield* new CheckUsage({ reason: `DATABASE_URL: ${database.left}; ${usage}` })
  switch (database.right._tag) {
    case "Postgres":
      return Pg.layer({ url: database.right.url, maxConnections: 1 })
    case "SqliteMemory":
      return yield* new CheckUsage({ reason: "an in-memory database has nothing to check" })
    case "SqliteFile":
      // Never create a database only to find it consistent.
      if (!existsSync(database.right.filename)) {
        return yield* new CheckUsage({ reason: `no database file at ${database.right.filename}` })
      }
      return Sqlite.layer(database.right.filename)
  }
})

/** Checks (or repairs) the configured database and logs each mismatch; returns them. */
export const run = (repair: boolean) =>
  Effect.scoped(Effect.gen(function*() {
    const layer = yield* databaseLayer
    const sql = yield* Effect.map(Layer.build(layer), Context.get(SqlClient.SqlClient))
    const found = yield* (repair ? Invariants.repair() : Invariants.check()).pipe(
      Effect.provideService(SqlClient.SqlClient, sql)
    )
    for (const mismatch of found) {
      const line = `${mismatch.check}: ${Invariants.describe(mismatch)}`
      yield* repair && mismatch.repairable ? Effect.logWarning(`repaired ${line}`) : Effect.logError(line)
    }
    const left = repair ? found.filter((mismatch) => !mismatch.repairable) : found
    if (left.length > 0) return yield* new InvariantsBroken({ count: left.length, repaired: repair })
    yield* Effect.logInfo(
      found.length === 0 ? "database consistent: no mismatch" : `repaired ${found.length} mismatches`
    )
    return found
  }))

/** `run` with the command line's flags before the environment. */
export const main = (argv: ReadonlyArray<string>) =>
  Effect.flatMap(argumentsOf(argv), ({ flags, repair }) =>
    run(repair).pipe(
      Effect.withConfigProvider(ConfigProvider.fromMap(flags).pipe(ConfigProvider.orElse(ConfigProvider.fromEnv)))
    ))
