/**
 * `pnpm bench`: one bounded benchmark run (a few minutes), Holonet against
 * the plain node:http + better-sqlite3 baseline (bench/plain.mjs) and, on
 * the single-item reads, the framework floor (bench/floor.mjs: a bare
 * Effect 3 HttpApi server answering constants, no middleware, no database).
 *
 *  1. fresh data dir bench/.data/
 *  2. start Holonet (apps/server/dist/main.js) on 127.0.0.1, poll GET /health
 *  3. seed through Holonet's HTTP API: users (register + login), one agent
 *     (POST /api/agents, owned by the first user: its API key), channels, posts
 *  4. every scenario: autocannon (warm-up, then BENCH_RUNS measured runs,
 *     the median reported) against Holonet
 *  5. read Holonet's peak RSS, stop it (SIGTERM, wait for exit)
 *  6. start bench/plain.mjs on the SAME database file, same scenarios, stop it
 *  6b. still in the sqlite phase (whether or not plain runs): start
 *     bench/floor.mjs (no database), run the scenarios flagged `floor: true`
 *     (GET /api/posts/{id}, /api/users/{username}, /api/users/me), stop it;
 *     its answers are compared with Holonet's by shape. The table shows
 *     floor req/s and floor ÷ plain: the ceiling of Holonet's ratio there
 *  7. the "big" phase (issue 6), on its own file bench/.data/big.db:
 *     a. start Holonet on the empty file (its migrations create the schema),
 *        register and log in two readers through the API, stop it
 *     b. bulk insert 100,000 posts, ~200,000 comments, 2,000 users/agents,
 *        20 uneven channels, votes, subscriptions and follows with
 *        better-sqlite3 (bench/big.mjs; one transaction, the schema's FTS
 *        triggers fill the search index); the seeding time is reported
 *     c. Holonet, then plain, on that file: the hot page (all, largest
 *        channel), the feed of a typical and of a sparse reader, search for a
 *        common and a rare word, at BENCH_BIG_CONNECTIONS (32); p99 < 50 ms is
 *        the target of the hot page and the feed
 *  8. the scale phases (issue 11), the original phase's routes again, each
 *     reported as ratios to step 4's one-process SQLite run:
 *     a. "workers": Holonet with WORKERS=2 (node:cluster; ready once /health
 *        answers, the primary has logged "Listening on" and its workers run)
 *        on a copy of the seeded file taken right after step 3
 *     b. "pg": Holonet on a new database holonet_bench_<random> of PG_URL
 *        (default postgres://postgres@127.0.0.1:5432/test), seeded through
 *        the API as in step 3, one process; the database is dropped
 *        afterwards, also on failure; unreachable PostgreSQL skips the phase
 *  9. print the markdown tables, write bench/.data/results.json
 *
 * Exit codes: 0 ok; 1 setup failure (build missing, server did not start,
 * seeding failed, ...); 3 the run finished but some scenario is flagged
 * (non-2xx / unexpected status / socket errors / timeouts / shape mismatch).
 *
 * Flags: --dry-run  use bench/plain.mjs (creating the schema itself) in place
 *                   of Holonet, to test this runner without the real server.
 * Env overrides (for quick local runs; defaults below are the benchmark):
 *   BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_POSTS, BENCH_ONLY (regex on scenario names),
 *   BENCH_RUNS (1): measured runs per scenario of the sqlite, plain and floor
 *     phases, after one warm-up; the report shows the median run by req/s
 *     (its latencies and CPU; for an even N the lower middle run) and
 *     results.json keeps every run's rate (runs_req_per_s),
 *   BENCH_HOLONET_MAIN (another server entry point, relative to the repo root),
 *   BENCH_BIG_POSTS (100000; comments are twice that), BENCH_BIG_CONNECTIONS (32),
 *   BENCH_BIG_DURATION (5), BENCH_BIG_WARMUP (1), BENCH_WORKERS (2), PG_URL.
 * Phases: BENCH_PHASES, a comma-separated subset of sqlite,plain,workers,pg,big
 * (default: all), e.g. BENCH_PHASES=sqlite,workers,pg for the scale phases
 * and their baseline; plain and workers need sqlite (it seeds their file).
 * The floor is part of the sqlite phase (its paths use the seeded ids).
 * BENCH_ONLY filters the scenarios of every phase: the big phase's are named
 * "big: ...", so BENCH_ONLY=big runs only the big phase and BENCH_ONLY='^(?!big)'
 * every other one; a phase none of whose scenarios is selected is skipped
 * with its seeding.
 *
 * The steps live in bench/lib/: config (settings, phases, servers), processes
 * (start, stop) and procfs (/proc), seed and http (seeding through the API),
 * scenarios and big-scenarios, measure (one scenario), phases, big-phase and
 * scale-phases, report and report-scale.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs"
import { availableParallelism, loadavg } from "node:os"
import { relative } from "node:path"
import { bigPhase } from "./lib/big-phase.mjs"
import { BIG_SCENARIOS } from "./lib/big-scenarios.mjs"
import {
  BIG_CONNECTIONS,
  BIG_DB_REL,
  BIG_DURATION_S,
  BIG_POSTS,
  BIG_WARMUP_S,
  CONNECTIONS,
  DATA_DIR,
  DB_REL,
  DRY_RUN,
  DURATION_S,
  HOLONET_MAIN,
  HOST,
  P99_TARGET_MS,
  PHASES,
  PHASES_PROBLEM,
  RESULTS_FILE,
  ROOT,
  RUNS,
  SCENARIO_FILTER,
  SEED_CHANNELS,
  SEED_CONCURRENCY,
  SEED_POSTS,
  SEED_USERS,
  SERVERS,
  WARMUP_S,
  WORKERS
} from "./lib/config.mjs"
import { BenchError } from "./lib/errors.mjs"
import { compareProbes, entriesOf, measurePhase, serves } from "./lib/phases.mjs"
import { assertAlive, killAll, resetPeakRss } from "./lib/processes.mjs"
import { markdown } from "./lib/report.mjs"
import { pgPhase, snapshotSeeded, workersPhase } from "./lib/scale-phases.mjs"
import { SCENARIOS } from "./lib/scenarios.mjs"
import { seed } from "./lib/seed.mjs"

const loadAverages = () => loadavg().map((x) => Math.round(x * 100) / 100)

const main = async () => {
  const wallStart = performance.now()
  if (PHASES_PROBLEM !== undefined) throw new BenchError(PHASES_PROBLEM)
  if (!DRY_RUN && !existsSync(HOLONET_MAIN)) {
    throw new BenchError(`${HOLONET_MAIN} is missing: build first (tsc -b), or use --dry-run`)
  }
  rmSync(DATA_DIR, { recursive: true, force: true })
  mkdirSync(DATA_DIR, { recursive: true })
  const selected = (s) => SCENARIO_FILTER === undefined || SCENARIO_FILTER.test(s.name)
  const scenarios = PHASES.has("sqlite") || PHASES.has("pg") ? SCENARIOS.filter(selected) : []
  const bigScenarios = PHASES.has("big") ? BIG_SCENARIOS.filter(selected) : []
  // the original phase's servers: Holonet in one process (the sqlite phase), plain, floor
  const servers = SERVERS.filter((def) => PHASES.has(def.phase ?? (def.key === "holonet" ? "sqlite" : def.key)))
  const scale = ["workers", "pg"].filter((phase) => PHASES.has(phase))
  const seconds = (s, runs = 1) => (s.warmup ?? WARMUP_S) + runs * (s.duration ?? DURATION_S)
  const load = scenarios.reduce(
    (sum, s) =>
      sum + servers.filter((def) => serves(s, def)).length * seconds(s, RUNS) +
      scale.length * seconds(s),
    0
  ) + bigScenarios.reduce((sum, s) => sum + SERVERS.filter((def) => serves(s, def)).length * seconds(s), 0)
  console.log(
    `bench: phases ${
      [...PHASES].join(",")
    }: ${scenarios.length} scenarios + ${bigScenarios.length} big-DB scenarios, ` +
      `~${load} s of load${DRY_RUN ? " (DRY RUN: Holonet replaced by plain.mjs)" : ""}`
  )

  const report = {
    started_at: new Date().toISOString(),
    dry_run: DRY_RUN,
    node: process.version,
    machine: { cpus: availableParallelism(), loadavg_at_start: loadAverages() },
    config: {
      host: HOST,
      connections: CONNECTIONS,
      duration_s: DURATION_S,
      warmup_s: WARMUP_S,
      runs: RUNS,
      database: DB_REL,
      phases: [...PHASES],
      workers: WORKERS
    },
    seed: undefined,
    servers: {},
    scenarios: entriesOf(scenarios),
    big: bigScenarios.length === 0 ? undefined : {
      config: {
        connections: BIG_CONNECTIONS,
        duration_s: BIG_DURATION_S,
        warmup_s: BIG_WARMUP_S,
        database: BIG_DB_REL,
        posts: BIG_POSTS,
        p99_target_ms: P99_TARGET_MS
      },
      seed: undefined,
      readers: undefined,
      servers: {},
      scenarios: entriesOf(bigScenarios)
    }
  }

  let ctx
  if (scenarios.length > 0 && PHASES.has("sqlite")) {
    ctx = await measurePhase({
      scenarios,
      entries: report.scenarios,
      servers: report.servers,
      defs: servers,
      db: DB_REL,
      runs: RUNS,
      seedWith: async (server) => {
        console.log(
          `bench: seeding ${SEED_USERS} users, ${SEED_CHANNELS} channels, ${SEED_POSTS} posts (${SEED_CONCURRENCY} in flight)`
        )
        const seeded = await seed(server.base).catch((error) => {
          assertAlive(server, "while seeding")
          throw error
        })
        resetPeakRss(server)
        if (PHASES.has("workers")) await snapshotSeeded()
        report.seed = seeded.stats
        console.log(
          `bench: seed done in ${(seeded.stats.total_ms / 1000).toFixed(1)} s ` +
            `(posts ${(seeded.stats.posts_ms / 1000).toFixed(1)} s, ${seeded.stats.posts_per_s} posts/s)`
        )
        return seeded.ctx
      }
    })
    compareProbes(scenarios, report.scenarios)
    compareProbes(scenarios, report.scenarios, { b: "floor", mode: "shape" })
    if (PHASES.has("workers")) await workersPhase(report, scenarios, ctx)
  }
  if (scenarios.length > 0 && PHASES.has("pg")) await pgPhase(report, scenarios)
  if (bigScenarios.length > 0) {
    await bigPhase(report.big, bigScenarios)
    compareProbes(bigScenarios, report.big.scenarios)
  }

  report.wall_ms = Math.round(performance.now() - wallStart)
  report.machine.loadavg_at_end = loadAverages()
  report.table = markdown(report)
  writeFileSync(RESULTS_FILE, JSON.stringify(report, null, 2) + "\n")
  console.log("")
  console.log(report.table)
  console.log("")
  console.log(`bench: wall time ${(report.wall_ms / 1000).toFixed(1)} s; results in ${relative(ROOT, RESULTS_FILE)}`)
  return [...report.scenarios, ...(report.big?.scenarios ?? [])].some((s) => s.flagged) ? 3 : 0
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`bench: FAILED: ${error instanceof BenchError ? error.message : (error?.stack ?? error)}`)
    killAll()
    process.exit(1)
  }
)
