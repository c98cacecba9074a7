/**
 * DATABASE_URL parsing. Accepted: `sqlite:PATH`, `sqlite::memory:` and the
 * original service's `sqlite+aiosqlite:///./app.db` (SQLAlchemy style, where
 * four slashes mean an absolute path). Anything else is refused by name.
 */
import { Either } from "effect"

export type Database =
  | { readonly _tag: "SqliteFile"; readonly filename: string }
  | { readonly _tag: "SqliteMemory" }

export const defaultDatabaseUrl = "sqlite:./data/holonet.db"

const sqlAlchemy = /^sqlite(\+aiosqlite|\+pysqlite)?:\/\/(\/.*)?$/

export const parseDatabaseUrl = (url: string): Either.Either<Database, string> => {
  const value = url.trim()
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
  return Either.left(
    `unsupported database URL '${value}': use sqlite:PATH, sqlite::memory: or sqlite+aiosqlite:///PATH`
  )
}
