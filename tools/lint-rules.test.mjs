// The rules in eslint.config.mjs bite: each snippet is linted as if it were a file in the named folder.
import { ESLint } from "eslint"
import { readdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))
const eslint = new ESLint({ cwd: root })

/** The rule ids reported for the file `filePath` holding `lines`, without duplicates. */
const rulesFor = async (filePath, ...lines) => {
  const [result] = await eslint.lintText(lines.join("\n") + "\n", { filePath })
  return [...new Set(result.messages.map((message) => message.ruleId ?? message.message))]
}

const boundaries = ["holonet/import-boundaries"]
const adapters = readdirSync(new URL("../packages", import.meta.url)).filter((name) => name.endsWith("-adapter"))

describe("the dependency rule", () => {
  it("the domain imports effect and its own files, nothing else", async () => {
    const file = "packages/domain/src/Probe.ts"
    expect(
      await rulesFor(
        file,
        `import * as Effect from "effect/Effect"`,
        `import * as Schema from "effect/Schema"`,
        `import { Post } from "./Post.js"`,
        `export const probe = [Effect.void, Schema.String, Post]`
      )
    ).toEqual([])
    expect(
      await rulesFor(
        file,
        `import * as HttpClient from "@effect/platform/HttpClient"`,
        `export const probe = HttpClient`
      )
    )
      .toEqual(boundaries)
    expect(
      await rulesFor(file, `import type { SqlClient } from "@effect/sql/SqlClient"`, `export type Probe = SqlClient`)
    )
      .toEqual(boundaries)
    expect(await rulesFor(file, `export { ApiKeysNode } from "@holonet/http-adapter"`)).toEqual(boundaries)
    expect(await rulesFor(file, `export const probe = () => import("node:fs")`)).toEqual(boundaries)
    expect(await rulesFor(file, `export type Probe = import("node:crypto").Hash`)).toEqual(boundaries)
  })

  it("the domain's contract kit may also import its test runner", async () => {
    const file = "packages/domain/contracts/ProbeContract.ts"
    expect(
      await rulesFor(
        file,
        `import { it } from "@effect/vitest"`,
        `import * as Effect from "effect/Effect"`,
        `import { expect } from "vitest"`,
        `import { Post } from "../src/Post.js"`,
        `export const probe = [it, expect, Effect.void, Post]`
      )
    ).toEqual([])
    expect(await rulesFor(file, `import { SqlClient } from "@effect/sql"`, `export const probe = SqlClient`))
      .toEqual(boundaries)
  })

  it("an adapter imports the domain and itself, never another adapter or the app", async () => {
    expect(adapters.length).toBeGreaterThan(1)
    for (const adapter of adapters) {
      const file = `packages/${adapter}/src/Probe.ts`
      const own = [`import { Posts } from "@holonet/domain"`, `import * as Own from "@holonet/${adapter}"`]
      expect(await rulesFor(file, ...own, `export const probe = [Posts, Own]`)).toEqual([])
      expect(await rulesFor(file, `import * as App from "@holonet/server"`, `export const probe = App`))
        .toEqual(boundaries)
      for (const other of adapters.filter((name) => name !== adapter)) {
        for (const specifier of [`@holonet/${other}`, `@holonet/${other}/index`]) {
          expect(await rulesFor(file, `import * as Other from "${specifier}"`, `export const probe = Other`))
            .toEqual(boundaries)
        }
      }
    }
  })

  it("the Redis adapter imports only the domain, effect, ioredis and node's own modules", async () => {
    const file = "packages/redis-adapter/src/Probe.ts"
    expect(
      await rulesFor(
        file,
        `import { RateLimiter } from "@holonet/domain"`,
        `import * as Effect from "effect/Effect"`,
        `import { Redis } from "ioredis"`,
        `import { createHash } from "node:crypto"`,
        `import { script } from "./Redis.js"`,
        `export const probe = [RateLimiter, Effect.void, Redis, createHash, script]`
      )
    ).toEqual([])
    expect(await rulesFor(file, `import { SqlClient } from "@effect/sql"`, `export const probe = SqlClient`))
      .toEqual(boundaries)
    expect(await rulesFor(file, `import { createClient } from "redis"`, `export const probe = createClient`))
      .toEqual(boundaries)
  })

  it("the web adapter imports only the domain, effect, @effect/platform and node's own modules", async () => {
    const file = "packages/web-adapter/src/Probe.ts"
    expect(
      await rulesFor(
        file,
        `import { Posts } from "@holonet/domain"`,
        `import * as Effect from "effect/Effect"`,
        `import * as HttpServerResponse from "@effect/platform/HttpServerResponse"`,
        `import { createHash } from "node:crypto"`,
        `import { html } from "./Html.js"`,
        `export const probe = [Posts, Effect.void, HttpServerResponse.empty, createHash, html]`
      )
    ).toEqual([])
    expect(await rulesFor(file, `import { RestApi } from "@holonet/http-adapter"`, `export const probe = RestApi`))
      .toEqual(boundaries)
    expect(await rulesFor(file, `import * as SqlClient from "@effect/sql/SqlClient"`, `export const probe = SqlClient`))
      .toEqual(boundaries)
  })

  it("the app may wire several adapters", async () => {
    const imports = adapters.map((adapter, i) => `import * as A${i} from "@holonet/${adapter}"`)
    const uses = adapters.map((_, i) => `A${i}`).join(", ")
    expect(await rulesFor("apps/server/src/Probe.ts", ...imports, `export const probe = [${uses}]`)).toEqual([])
  })
})

describe("habits", () => {
  it("value imports from the effect and platform barrels are refused in a package's code, allowed in its tests", async () => {
    const barrel = [`import { Effect } from "effect"`, `export const probe = Effect.void`]
    const barrelRule = ["@effect/no-import-from-barrel-package"]
    expect(await rulesFor("packages/domain/src/Probe.ts", ...barrel)).toEqual(barrelRule)
    expect(
      await rulesFor(
        "apps/server/src/Probe.ts",
        `import { HttpServer } from "@effect/platform"`,
        `export const probe = HttpServer`
      )
    ).toEqual(barrelRule)
    expect(await rulesFor("packages/domain/test/Probe.test.ts", ...barrel)).toEqual([])
    expect(
      await rulesFor(
        "packages/domain/src/Probe.ts",
        `import type { Layer } from "effect"`,
        `export type Probe = Layer.Layer<never>`
      )
    ).toEqual([])
  })

  it("console.log and console.error are refused in a package's code, allowed in its tests", async () => {
    const log = `export const probe = () => console.log("hello")`
    expect(await rulesFor("packages/http-adapter/src/Probe.ts", log)).toEqual(["no-restricted-properties"])
    expect(await rulesFor("packages/domain/src/Probe.ts", `export const probe = () => console.error("x")`))
      .toEqual(["no-restricted-properties"])
    expect(await rulesFor("packages/http-adapter/test/Probe.test.ts", log)).toEqual([])
  })

  it("focused and skipped tests are refused", async () => {
    const file = "packages/domain/test/Probe.test.ts"
    const test = (call) =>
      rulesFor(
        file,
        `import { it } from "@effect/vitest"`,
        `import * as Effect from "effect/Effect"`,
        "",
        `${call}("x", () => Effect.void)`
      )
    expect(await test("it.effect")).toEqual([])
    expect(await test("it.only")).toEqual(["no-restricted-syntax"])
    expect(await test("it.effect.skip")).toEqual(["no-restricted-syntax"])
  })

  it("any is refused", async () => {
    expect(await rulesFor("packages/domain/src/Probe.ts", `export const probe = (x: any) => x`))
      .toEqual(["@typescript-eslint/no-explicit-any"])
  })

  it("formatting is checked by dprint", async () => {
    expect(await rulesFor("packages/domain/src/Probe.ts", `export const probe = 'a';`)).toEqual(["@effect/dprint"])
  })
})
