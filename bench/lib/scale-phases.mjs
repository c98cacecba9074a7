/**
 * The scale phases (issue 11), measured against the one-process SQLite run
 * of the same bench run: Holonet with WORKERS=N (node:cluster) on a copy of
 * the seeded SQLite file, and Holonet on a fresh PostgreSQL database seeded
 * through its API exactly as the SQLite file was. Both use the original
 * phase's scenarios.
 */
import Database from "better-sqlite3"
import { randomBytes } from "node:crypto"
import { rmSync } from "node:fs"
import { join } from "node:path"
import pg from "pg"
import { DB_REL, DRY_RUN, PG_ADMIN_URL, PG_SERVER, ROOT, SNAPSHOT_DB_REL, WORKERS_SERVER } from "./config.mjs"
import { compareProbes, measurePhase } from "./phases.mjs"
import { assertAlive, atInterrupt, resetPeakRss } from "./processes.mjs"
import { seed } from "./seed.mjs"

/**
 * Copies the seeded SQLite file (the server still has it open: SQLite's
 * online backup reads a consistent snapshot) so the WORKERS phase starts
 * from the data the one-process run started from, not from what its write
 * scenarios added.
 */
export const snapshotSeeded = async () => {
  const target = join(ROOT, SNAPSHOT_DB_REL)
  rmSync(target, { force: true })
  const db = new Database(join(ROOT, DB_REL), { readonly: true, fileMustExist: true })
  try {
    await db.backup(target)
  } finally {
    db.close()
  }
}

/** Holonet with WORKERS on the snapshot, with the SQLite phase's seed context (tokens, ids). */
export const workersPhase = async (report, scenarios, ctx) => {
  await measurePhase({
    scenarios,
    entries: report.scenarios,
    servers: report.servers,
    defs: [WORKERS_SERVER],
    db: SNAPSHOT_DB_REL,
    ctx
  })
  // same data as the one-process run saw: exact answers must be identical
  compareProbes(scenarios, report.scenarios, { b: "workers" })
}

/** The admin URL with its password hidden, for messages. */
const shownUrl = (url) => {
  try {
    const parsed = new URL(url)
    if (parsed.password !== "") parsed.password = "***"
    return parsed.toString()
  } catch {
    return "(unparsable PG_URL)"
  }
}

/**
 * Holonet on a new database `holonet_bench_<random>` of the PG_URL server,
 * seeded through its API, measured, then dropped (also when the phase fails
 * or the bench is interrupted). Unreachable PostgreSQL skips the phase.
 */
export const pgPhase = async (report, scenarios) => {
  report.pg = { server: shownUrl(PG_ADMIN_URL) }
  if (DRY_RUN) {
    report.pg.skipped = "dry run (plain.mjs cannot serve PostgreSQL)"
    console.log(`bench: PostgreSQL phase skipped: ${report.pg.skipped}`)
    return
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5_000 })
  admin.on("error", () => {}) // a dropped admin connection shows up as the failed DROP below
  try {
    await admin.connect()
  } catch (error) {
    report.pg.skipped = `PostgreSQL is not reachable at ${report.pg.server} (${error.code ?? error.message})`
    console.log(`bench: PostgreSQL phase skipped: ${report.pg.skipped}`)
    await admin.end().catch(() => {})
    return
  }
  const name = `holonet_bench_${randomBytes(6).toString("hex")}` // a plain identifier: safe to splice
  const drop = () => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  let release
  try {
    await admin.query(`CREATE DATABASE ${name}`)
    release = atInterrupt(drop)
    report.pg.database = name
    const url = new URL(PG_ADMIN_URL)
    url.pathname = `/${name}`
    await measurePhase({
      scenarios,
      entries: report.scenarios,
      servers: report.servers,
      defs: [PG_SERVER],
      db: `postgres database ${name}`,
      databaseUrl: url.toString(),
      seedWith: async (server) => {
        console.log(`bench: seeding PostgreSQL through Holonet's API (the same data as the SQLite phase)`)
        const seeded = await seed(server.base).catch((error) => {
          assertAlive(server, "while seeding")
          throw error
        })
        resetPeakRss(server)
        report.pg.seed = seeded.stats
        console.log(
          `bench: PostgreSQL seed done in ${(seeded.stats.total_ms / 1000).toFixed(1)} s ` +
            `(posts ${(seeded.stats.posts_ms / 1000).toFixed(1)} s, ${seeded.stats.posts_per_s} posts/s)`
        )
        return seeded.ctx
      }
    })
    // ids and timestamps differ between the two databases: shapes only
    compareProbes(scenarios, report.scenarios, { b: "pg", mode: "shape" })
  } finally {
    release?.()
    if (report.pg.database !== undefined) {
      await drop().then(
        () => console.log(`bench: dropped PostgreSQL database ${name}`),
        (error) => console.error(`bench: could not drop PostgreSQL database ${name}: ${error.message}`)
      )
    }
    await admin.end().catch(() => {})
  }
}
