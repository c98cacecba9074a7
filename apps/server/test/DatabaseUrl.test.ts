import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Inspectable, Redacted } from "effect"
import { parseDatabaseUrl } from "../src/DatabaseUrl.js"

describe("parseDatabaseUrl", () => {
  it.each([
    ["sqlite:./data/holonet.db", { _tag: "SqliteFile", filename: "./data/holonet.db" }],
    ["sqlite:/var/lib/holonet.db", { _tag: "SqliteFile", filename: "/var/lib/holonet.db" }],
    ["sqlite::memory:", { _tag: "SqliteMemory" }],
    ["sqlite+aiosqlite:///./app.db", { _tag: "SqliteFile", filename: "./app.db" }],
    ["sqlite+aiosqlite:////srv/app.db", { _tag: "SqliteFile", filename: "/srv/app.db" }],
    ["sqlite:///:memory:", { _tag: "SqliteMemory" }]
  ])("accepts %s", (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(Either.right(expected))
  })

  it.each([
    "postgres://holonet:s3cret-pw@db.example:5432/holonet?sslmode=require",
    "postgresql://holonet:s3cret-pw@localhost/holonet",
    " postgres://localhost/holonet "
  ])("accepts the PostgreSQL URL %s as it is, sslmode included", (url) => {
    const parsed = parseDatabaseUrl(url)
    if (Either.isLeft(parsed) || parsed.right._tag !== "Postgres") return expect.unreachable()
    expect(Redacted.value(parsed.right.url)).toBe(url.trim())
  })

  it.effect("never prints a PostgreSQL password", () =>
    Effect.sync(() => {
      const parsed = parseDatabaseUrl("postgres://holonet:s3cret-pw@db.example/holonet")
      expect(Either.isRight(parsed)).toBe(true)
      for (const shown of [String(parsed), JSON.stringify(parsed), Inspectable.format(parsed)]) {
        expect(shown).not.toContain("s3cret-pw")
      }
      // A refused URL's message names the problem, not the credentials.
      for (const url of ["postgres://holonet:s3cret-pw@db.example", "postgress://holonet:s3cret-pw@db.example/h"]) {
        const refused = parseDatabaseUrl(url)
        expect(Either.getLeft(refused).pipe((o) => o._tag === "Some" && !o.value.includes("s3cret-pw"))).toBe(true)
      }
    }))

  it.each([
    "postgres://user@localhost",
    "postgres://",
    "postgresql:///db",
    "mysql://x",
    "",
    "sqlite:",
    "sqlite+aiosqlite:///",
    "holonet.db"
  ])(
    "refuses %j with a reason",
    (url) => {
      const parsed = parseDatabaseUrl(url)
      expect(Either.isLeft(parsed)).toBe(true)
      expect(Either.getLeft(parsed).pipe((o) => o._tag === "Some" && o.value.length > 10)).toBe(true)
    }
  )
})
