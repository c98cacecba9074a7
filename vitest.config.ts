/**
 * One vitest configuration for the repository. The PostgreSQL and Redis
 * suites (files named `*Pg*.test.ts`, `*Redis*.test.ts`) need those servers;
 * on a machine without them the rest of the suite still runs: the server is
 * probed over TCP first and, when it does not answer and CI is not set, its
 * files are excluded with one plain line saying so. The browser tests (files
 * named `*.browser.test.ts`) need Debian's Chromium at /usr/bin/chromium and
 * are left out the same way when it is missing. With CI set nothing is
 * excluded, so a missing server or browser fails those suites loudly.
 */
import { existsSync, readdirSync } from "node:fs"
import { createConnection } from "node:net"
import { configDefaults, defineConfig } from "vitest/config"

const include = ["{packages,apps}/*/test/**/*.test.ts", "tools/**/*.test.mjs"]

/** Whether something accepts TCP connections at host:port within `timeoutMs`. */
const reachable = (host: string, port: number, timeoutMs = 500) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host, port })
    const done = (answer: boolean) => {
      socket.destroy()
      resolve(answer)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once("connect", () => done(true))
    socket.once("error", () => done(false))
  })

/** Host and port of a URL, with the service's default port. */
const endpointOf = (url: string, defaultPort: number) => {
  const parsed = new URL(url)
  return { host: parsed.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1", port: Number(parsed.port || defaultPort) }
}

/** Test files under packages/*\/test and apps/*\/test whose path matches `pattern`. */
const testFilesMatching = (pattern: RegExp) =>
  ["packages", "apps"].flatMap((root) =>
    readdirSync(root).flatMap((name) => {
      try {
        return readdirSync(`${root}/${name}/test`, { recursive: true, encoding: "utf8" })
          .filter((file) => pattern.test(file))
      } catch {
        return []
      }
    })
  )

const services = [
  {
    name: "PostgreSQL",
    url: process.env["PG_URL"] ?? process.env["DATABASE_TEST_URL"] ?? "postgres://postgres@127.0.0.1:5432/test",
    defaultPort: 5432,
    files: /Pg[^/]*\.test\.ts$/,
    glob: "**/*Pg*.test.ts",
    hint: "set PG_URL, or start PostgreSQL"
  },
  {
    name: "Redis",
    url: process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379",
    defaultPort: 6379,
    files: /Redis[^/]*\.test\.ts$/,
    glob: "**/*Redis*.test.ts",
    hint: "set REDIS_URL, or start Redis"
  }
]

/** Where the browser tests (apps/server/test/browser/Browser.ts) expect Chromium. */
const chromiumPath = "/usr/bin/chromium"

export default defineConfig(async () => {
  const excluded: Array<string> = []
  if (process.env["CI"] === undefined || process.env["CI"] === "") {
    const probes = await Promise.all(services.map(async (service) => {
      const { host, port } = endpointOf(service.url, service.defaultPort)
      return { service, host, port, up: await reachable(host, port) }
    }))
    for (const { host, port, service, up } of probes) {
      if (up) continue
      excluded.push(service.glob)
      const count = testFilesMatching(service.files).length
      if (count > 0) {
        console.log(
          `${service.name} at ${host}:${port} is not reachable: ${count} test files not run (${service.hint})`
        )
      }
    }
    if (!existsSync(chromiumPath)) {
      excluded.push("**/*.browser.test.ts")
      if (testFilesMatching(/\.browser\.test\.ts$/).length > 0) {
        console.log(`browser tests did not run: ${chromiumPath} not found (apt-get install -y chromium)`)
      }
    }
  }
  return {
    resolve: { conditions: ["@holonet/source"] },
    ssr: { resolve: { conditions: ["@holonet/source"] } },
    test: {
      include,
      exclude: [...configDefaults.exclude, ...excluded],
      // A run given only such files has nothing left, which is not a failure.
      passWithNoTests: excluded.length > 0,
      testTimeout: 30_000
    }
  }
})
