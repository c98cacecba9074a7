/**
 * DATABASE_URL parsing. Accepted: `sqlite:PATH`, `sqlite::memory:`, the
 * original service's `sqlite+aiosqlite:///./app.db` (SQLAlchemy style, where
 * four slashes mean an absolute path) and PostgreSQL's `postgres://…` or
 * `postgresql://…`. Anything else is refused by name.
 */
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"

export type Database =
  | { readonly _tag: "SqliteFile"; readonly filename: string }
  | { readonly _tag: "SqliteMemory" }
  // Redacted because the URL may carry a password; query parameters such as
  // sslmode stay in it, node-postgres reads them.
  | { readonly _tag: "Postgres"; readonly url: Redacted.Redacted }

export const defaultDatabaseUrl = "sqlite:./data/holonet.db"

const sqlAlchemy = /^sqlite(\+aiosqlite|\+pysqlite)?:\/\/(\/.*)?$/

const postgresScheme = /^postgres(ql)?:\/\//i

/** The URL's host and database for messages, without its credentials. */
const postgresTarget = (url: URL) => `${url.host}${url.pathname}`

const parsePostgresUrl = (value: string): Either.Either<Database, string> => {
  if (!URL.canParse(value)) {
    return Either.left("expected a PostgreSQL URL such as postgres://user:password@host:5432/db")
  }
  const url = new URL(value)
  if (url.hostname.length === 0) return Either.left("expected a host in the PostgreSQL URL")
  if (url.pathname.length <= 1) {
    return Either.left(`expected a database name in the PostgreSQL URL (postgres://${postgresTarget(url)}DATABASE)`)
  }
  return Either.right({ _tag: "Postgres", url: Redacted.make(value) })
}

export const parseDatabaseUrl = (url: string): Either.Either<Database, string> => {
  const value = url.trim()
  if (postgresScheme.test(value)) return parsePostgresUrl(value)
  if (value === "sqlite::memory:" || value === "sqlite://" || value === "sqlite:///:memory:") {
    return Either.right({ _tag: "SqliteMemory" })
  }
  const alchemy = sqlAlchemy.exec(value)
  if (alchemy !== null) {
    // sqlite:///relative.db → "relative.db"; sqlite:////abs.db → "/abs.db"
    const path = (alchemy[2] ?? "").slice(1)
    if (path === ":memory:") return Either.right({ _tag: "SqliteMemory" })
    return path.length > 0
      ? Either.right({ _tag: "SqliteFile", filename: path })
      : Either.left(`expected a file path after '${value}'`)
  }
  if (value.startsWith("sqlite:") && !value.startsWith("sqlite://")) {
    const path = value.slice("sqlite:".length)
    return path.length > 0
      ? Either.right({ _tag: "SqliteFile", filename: path })
      : Either.left("expected sqlite:PATH, for example sqlite:./data/holonet.db")
  }
  // Credentials are masked: a mistyped scheme must not put a password in a log.
  const shown = value.replace(/\/\/[^@/]*@/, "//***@")
  return Either.left(
    `unsupported database URL '${shown}': use sqlite:PATH, sqlite::memory:, sqlite+aiosqlite:///PATH or postgres://…`
  )
}
