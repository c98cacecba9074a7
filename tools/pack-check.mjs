/**
 * `pnpm test:pack`: proves from outside the repository that the packages
 * install and run. Packs everything (`pnpm release:pack`), makes a scratch
 * project in a temporary folder, installs the tarballs there with npm next to
 * the peer versions the workspace builds with, writes the README's
 * "Embedding Holonet" files, type-checks them with tsc (strict), compiles them
 * and runs them with node: once on the in-memory layers, once on a SQLite file.
 * Exits non-zero, saying which step failed, if anything goes wrong.
 */
import { execFileSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { npmEnv } from "./release-pack.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))
const release = join(root, "release")
const started = Date.now()

const say = (line) => process.stdout.write(`[pack-check ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`)
const fail = (why) => {
  process.stderr.write(`\npack-check FAILED: ${why}\n`)
  process.exit(1)
}

/** Runs a command, its output shown; a non-zero exit fails the check with `what`. */
const run = (what, command, args, options = {}) => {
  say(`${what}: ${command} ${args.join(" ")}`)
  try {
    return execFileSync(command, args, {
      stdio: ["ignore", "pipe", "inherit"],
      encoding: "utf8",
      env: npmEnv(),
      ...options
    })
  } catch (error) {
    if (error.stdout) process.stdout.write(error.stdout)
    return fail(`${what} (exit ${error.status ?? "?"})`)
  }
}

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"))

/** The README's embedding files: each ```ts block in "## Embedding Holonet" whose first line names it. */
const embeddingFiles = () => {
  const readme = readFileSync(join(root, "README.md"), "utf8")
  const section = readme.split(/^## /m).find((part) => part.startsWith("Embedding Holonet"))
  if (section === undefined) return fail("README.md has no \"## Embedding Holonet\" section")
  const files = new Map()
  for (const [, code] of section.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const name = /^\/\/ ([\w-]+\.ts)\n/.exec(code)?.[1]
    if (name !== undefined) files.set(name, code)
  }
  for (const name of ["program.ts", "memory.ts", "sqlite.ts"]) {
    if (!files.has(name)) fail(`README.md's "Embedding Holonet" has no \`// ${name}\` code block`)
  }
  return files
}

/** Every tarball holds built files, its README and LICENSE, and no tests or TypeScript sources. */
const checkTarballs = (tarballs) => {
  for (const tarball of tarballs) {
    const entries = execFileSync("tar", ["tzf", join(release, tarball)], { encoding: "utf8" }).split("\n")
      .filter((entry) => entry !== "")
    const stray = entries.filter((entry) =>
      /\/(test|src)\//.test(entry) || /\.test\./.test(entry) || /tsbuildinfo$/.test(entry) ||
      (entry.endsWith(".ts") && !entry.endsWith(".d.ts"))
    )
    if (stray.length > 0) fail(`${tarball} holds files it should not: ${stray.slice(0, 5).join(", ")}`)
    for (const needed of ["package/package.json", "package/README.md", "package/LICENSE", "package/dist/index.js"]) {
      if (!entries.includes(needed)) fail(`${tarball} lacks ${needed}`)
    }
    const manifest = JSON.parse(
      execFileSync("tar", ["xzf", join(release, tarball), "-O", "package/package.json"], { encoding: "utf8" })
    )
    if (JSON.stringify(manifest).includes("workspace:")) fail(`${tarball}'s package.json still says workspace:`)
    if (JSON.stringify(manifest.exports).includes("@holonet/source")) {
      fail(`${tarball}'s exports still name the workspace's @holonet/source condition`)
    }
  }
  say(`${tarballs.length} tarballs hold dist/, README.md and LICENSE only`)
}

const main = () => {
  const files = embeddingFiles()
  if (!process.argv.includes("--no-pack")) {
    run("release:pack", "npx", ["-y", "pnpm@10", "release:pack"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] })
  }
  const tarballs = readdirSync(release).filter((file) => file.endsWith(".tgz"))
  checkTarballs(tarballs)
  const tarball = (name) => {
    const file = tarballs.find((t) => t.startsWith(`holonet-${name}-`))
    return file === undefined ? fail(`release/ has no tarball of @holonet/${name}`) : join(release, file)
  }

  // The versions the workspace builds with: the supported peers.
  const devOf = (dir, name) => readJson(join(root, dir, "package.json")).devDependencies[name]
  const peers = [
    ["effect", devOf("packages/domain", "effect")],
    ["@effect/sql", devOf("packages/sql-adapter", "@effect/sql")],
    ["@effect/platform", devOf("packages/sql-adapter", "@effect/platform")],
    ["@effect/experimental", devOf("packages/sql-adapter", "@effect/experimental")],
    ["typescript", readJson(join(root, "package.json")).devDependencies.typescript],
    ["@types/node", readJson(join(root, "package.json")).devDependencies["@types/node"]]
  ].map(([name, version]) => `${name}@${version}`)

  const scratch = mkdtempSync(join(tmpdir(), "holonet-pack-check-"))
  if (!relative(root, scratch).startsWith("..")) fail(`the scratch project ${scratch} is inside the workspace`)
  say(`scratch project: ${scratch}`)
  try {
    writeFileSync(
      join(scratch, "package.json"),
      JSON.stringify({ name: "embeds-holonet", private: true, type: "module" })
    )
    writeFileSync(
      join(scratch, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          types: ["node"],
          strict: true,
          skipLibCheck: true,
          outDir: "out"
        },
        include: ["*.ts"]
      })
    )
    for (const [name, code] of files) writeFileSync(join(scratch, name), code)

    run("npm install", "npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      tarball("domain"),
      tarball("sql-adapter"),
      tarball("crypto-adapter"),
      ...peers
    ], { cwd: scratch, stdio: ["ignore", "inherit", "inherit"] })
    if (existsSync(join(scratch, "node_modules", "@holonet", "domain", "node_modules", "effect"))) {
      fail("@holonet/domain got an effect of its own: the app and the domain would run two Effects")
    }

    run("type-check (tsc --noEmit, strict)", "npx", ["tsc", "--noEmit"], { cwd: scratch, stdio: "inherit" })
    run("compile (tsc)", "npx", ["tsc"], { cwd: scratch, stdio: "inherit" })

    const memory = run("run on the in-memory layers", "node", ["out/memory.js"], { cwd: scratch }).trim()
    if (memory !== "Hello") fail(`memory.js printed ${JSON.stringify(memory)}, expected "Hello"`)
    say(`memory.js printed: ${memory}`)

    const database = join(scratch, "holonet.db")
    const sqlite = run("run on SQLite", "node", ["out/sqlite.js", database], {
      cwd: scratch,
      env: { ...npmEnv(), SECRET_KEY: randomBytes(32).toString("base64url") }
    }).trim()
    if (sqlite !== "Hello") fail(`sqlite.js printed ${JSON.stringify(sqlite)}, expected "Hello"`)
    if (!existsSync(database) || statSync(database).size === 0) fail(`sqlite.js left no database at ${database}`)
    say(`sqlite.js printed: ${sqlite} (database ${statSync(database).size} bytes)`)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  say("passed: the packed packages install with npm and run the README's embedding program on memory and SQLite")
}

main()
