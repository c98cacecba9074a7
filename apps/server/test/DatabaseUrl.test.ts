import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
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

  it.each(["postgres://user@localhost/db", "mysql://x", "", "sqlite:", "sqlite+aiosqlite:///", "holonet.db"])(
    "refuses %j with a reason",
    (url) => {
      const parsed = parseDatabaseUrl(url)
      expect(Either.isLeft(parsed)).toBe(true)
      expect(Either.getLeft(parsed).pipe((o) => o._tag === "Some" && o.value.length > 10)).toBe(true)
    }
  )
})
