/**
 * Settings of `node bench/run.mjs`: the benchmark's defaults, their BENCH_*
 * overrides (listed in run.mjs's header), the phases, the data paths, and
 * the servers under test (Holonet, plain and the framework floor; Holonet
 * with workers and on PostgreSQL for the scale phases).
 */
import { readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { BIG_DEFAULTS } from "../big.mjs"

const envInt = (name, fallback) => (process.env[name] === undefined ? fallback : Number.parseInt(process.env[name], 10))

export const HOST = "127.0.0.1"
export const CONNECTIONS = envInt("BENCH_CONNECTIONS", 10)
export const DURATION_S = envInt("BENCH_DURATION", 8) // measured seconds per scenario
export const WARMUP_S = envInt("BENCH_WARMUP", 2) // discarded seconds before a scenario's measured runs
export const RUNS = Math.max(1, envInt("BENCH_RUNS", 1)) // measured runs per scenario of sqlite/plain/floor: the median is reported
export const SEED_USERS = 10
export const SEED_CHANNELS = 10
export const SEED_POSTS = envInt("BENCH_POSTS", 10_000)
export const THREAD_TOP = 40 // top-level comments of the listed thread; 2 replies each, 1 reply to each reply
export const THREAD_COMMENTS = THREAD_TOP * 5 // 40 + 80 + 80 = 200
export const SEED_CONCURRENCY = 16 // requests in flight while seeding
export const SECRET_KEY = "holonet-bench-secret-key-0123456789-abcdefghijkl" // 48 chars, HS256 secret
export const TOKEN_MINUTES = 120 // the seeded JWT must outlive the whole run
export const HEALTH_ATTEMPTS = 150 // bounded /health polling ...
export const HEALTH_INTERVAL_MS = 100 // ... i.e. at most ~15 s (plus request time) to start
export const HEALTH_REQUEST_TIMEOUT_MS = 1_000
export const STOP_TIMEOUT_MS = 15_000 // SIGTERM grace before SIGKILL
export const RSS_SAMPLE_MS = 250
export const SEED_REQUEST_TIMEOUT_MS = 30_000
export const BIG_POSTS = envInt("BENCH_BIG_POSTS", BIG_DEFAULTS.posts)
export const BIG_CONNECTIONS = envInt("BENCH_BIG_CONNECTIONS", 32)
export const BIG_DURATION_S = envInt("BENCH_BIG_DURATION", 5) // shorter than the others: keeps the default run near 6 minutes
export const BIG_WARMUP_S = envInt("BENCH_BIG_WARMUP", 1)
export const P99_TARGET_MS = 50 // issue 6: the hot page and the feed
export const SCENARIO_FILTER = process.env.BENCH_ONLY === undefined ? undefined : new RegExp(process.env.BENCH_ONLY)
export const DRY_RUN = process.argv.includes("--dry-run")
export const WORKERS = envInt("BENCH_WORKERS", 2) // the WORKERS phase's WORKERS
export const PG_ADMIN_URL = process.env.PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/**
 * The phases, in run order: Holonet on SQLite in one process (seeds through
 * its API; the baseline of the scale phases; the framework floor,
 * bench/floor.mjs, runs in it too, last), plain on that file, Holonet
 * with WORKERS on a copy of the seeded file, Holonet on a fresh PostgreSQL
 * database seeded the same way, and the 100k-post "big" phase.
 */
export const ALL_PHASES = ["sqlite", "plain", "workers", "pg", "big"]
const phaseNames = (process.env.BENCH_PHASES ?? "").split(",").map((x) => x.trim()).filter((x) => x !== "")
export const PHASES = new Set(phaseNames.length === 0 ? ALL_PHASES : phaseNames)
/** What is wrong with BENCH_PHASES, if anything (run.mjs refuses to start). */
export const PHASES_PROBLEM = [...PHASES].some((x) => !ALL_PHASES.includes(x)) ?
  `BENCH_PHASES: unknown phase in "${process.env.BENCH_PHASES}" (known: ${ALL_PHASES.join(",")})`
  : (PHASES.has("plain") || PHASES.has("workers")) && !PHASES.has("sqlite") ?
  "BENCH_PHASES: plain and workers run on the file the sqlite phase seeds: add sqlite"
  : undefined

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..")
export const DATA_DIR = join(ROOT, "bench", ".data")
export const DB_REL = "bench/.data/holonet.db" // relative to ROOT (the servers' cwd)
export const BIG_DB_REL = "bench/.data/big.db"
export const SNAPSHOT_DB_REL = "bench/.data/holonet-seeded.db" // the seeded file before any scenario wrote to it
export const RESULTS_FILE = join(DATA_DIR, "results.json")
export const HOLONET_MAIN = resolve(ROOT, process.env.BENCH_HOLONET_MAIN ?? "apps/server/dist/main.js")
const PLAIN_MAIN = join(ROOT, "bench", "plain.mjs")
const FLOOR_MAIN = join(ROOT, "bench", "floor.mjs")

/**
 * Holonet runs with the same node flags as `pnpm start` (the root package.json
 * "start" script is `node [flags] apps/server/dist/main.js`), so the bench
 * measures what users run.
 */
const startNodeArgs = () => {
  const start = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts?.start ?? ""
  const words = start.trim().split(/\s+/)
  return words[0] === "node" ? words.slice(1, -1) : []
}

/**
 * The systems under test, in run order. All see the same env contract.
 * `optIn`: the server only serves scenarios with that flag set (the floor:
 * `floor: true`, the single-item GETs it answers); `phase`: the BENCH_PHASES
 * name that runs it, when not its key (Holonet's is "sqlite").
 */
export const SERVERS = [
  {
    key: "holonet",
    label: DRY_RUN ? "Holonet (dry run: plain stand-in)" : "Holonet",
    script: DRY_RUN ? PLAIN_MAIN : HOLONET_MAIN,
    nodeArgs: DRY_RUN ? [] : startNodeArgs(),
    env: {
      NODE_ENV: "production",
      ACCESS_LOG: "false",
      // The seed writes 10,000 posts from one address, far past POST's 30/h,
      // and the plain server counts nothing (API.md: off for benchmarks).
      RATE_LIMITS: "off",
      ...(DRY_RUN ? { PLAIN_INIT_SCHEMA: "1" } : {})
    },
    seeds: true, // the database is created by this server's own migrations and seeded through its API
    tree: true // CPU and memory of any process it forks count too
  },
  { key: "plain", label: "plain", script: PLAIN_MAIN, env: {}, seeds: false },
  // part of the sqlite phase (after plain): it needs no database, only the seeded ids for its paths;
  // Holonet's node flags (heap and young generation sizes), so its floor is measured under Holonet's settings
  {
    key: "floor",
    label: "floor",
    script: FLOOR_MAIN,
    nodeArgs: startNodeArgs(),
    env: {},
    seeds: false,
    optIn: "floor",
    phase: "sqlite"
  }
]

const [holonet] = SERVERS
/** Holonet as a node:cluster primary with WORKERS workers, on a copy of the seeded file. */
export const WORKERS_SERVER = {
  ...holonet,
  key: "workers",
  as: "holonet",
  label: `Holonet WORKERS=${WORKERS}`,
  env: { ...holonet.env, WORKERS: String(WORKERS) },
  seeds: false,
  workers: WORKERS,
  // what the primary logs once every worker listens ("All 2 workers listening on http://...")
  readyLine: DRY_RUN ? undefined : /workers listening on/i
}
/** Holonet on a PostgreSQL database of its own, seeded through its API. */
export const PG_SERVER = { ...holonet, key: "pg", as: "holonet", label: "Holonet on PostgreSQL", seeds: true }
