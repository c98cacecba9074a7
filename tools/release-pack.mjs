/**
 * `pnpm release:pack`: packs every publishable package (built first by the
 * script's `tsc -b`) into release/ as the tarballs npm would publish. pnpm
 * packs them so that `workspace:*` becomes the shared version and
 * `publishConfig.exports` replaces the workspace's source condition.
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const release = join(root, "release")

/** The environment without the settings pnpm passes down that npm does not know (it warns on each). */
export const npmEnv = (env = process.env) =>
  Object.fromEntries(
    Object.entries(env).filter(([key]) =>
      !/^npm_config_(verify_deps_before_run|npm_globalconfig|package_extensions|_jsr_registry)$/i.test(key)
    )
  )

/** The workspace's packages that are not private: every one under packages/ and apps/. */
export const publishable = () =>
  ["packages", "apps"].flatMap((folder) =>
    readdirSync(join(root, folder))
      .map((name) => join(root, folder, name))
      .filter((dir) => existsSync(join(dir, "package.json")))
      .filter((dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private !== true)
  )

const main = () => {
  rmSync(release, { recursive: true, force: true })
  mkdirSync(release)
  for (const dir of publishable()) {
    execFileSync("npx", ["-y", "pnpm@10", "pack", "--pack-destination", release], {
      cwd: dir,
      stdio: "inherit",
      env: npmEnv()
    })
  }
  process.stdout.write(`release/: ${readdirSync(release).filter((f) => f.endsWith(".tgz")).join(", ")}\n`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
