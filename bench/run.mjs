/**
 * `pnpm bench`: one bounded benchmark run (a few minutes), Holonet against
 * the plain node:http + better-sqlite3 baseline (bench/plain.mjs).
 *
 *  1. fresh data dir bench/.data/
 *  2. start Holonet (apps/server/dist/main.js) on 127.0.0.1, poll GET /health
 *  3. seed through Holonet's HTTP API: users (register + login), one agent
 *     (POST /api/agents, owned by the first user: its API key), channels, posts
 *  4. every scenario: autocannon (warm-up, then a measured run) against Holonet
 *  5. read Holonet's peak RSS, stop it (SIGTERM, wait for exit)
 *  6. start bench/plain.mjs on the SAME database file, same scenarios, stop it
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
 *  8. print the markdown tables, write bench/.data/results.json
 *
 * Exit codes: 0 ok; 1 setup failure (build missing, server did not start,
 * seeding failed, ...); 3 the run finished but some scenario is flagged
 * (non-2xx / unexpected status / socket errors / timeouts / shape mismatch).
 *
 * Flags: --dry-run  use bench/plain.mjs (creating the schema itself) in place
 *                   of Holonet, to test this runner without the real server.
 * Env overrides (for quick local runs; defaults below are the benchmark):
 *   BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_POSTS, BENCH_ONLY (regex on scenario names),
 *   BENCH_HOLONET_MAIN (another server entry point, relative to the repo root),
 *   BENCH_BIG_POSTS (100000; comments are twice that), BENCH_BIG_CONNECTIONS (32),
 *   BENCH_BIG_DURATION (5), BENCH_BIG_WARMUP (1).
 * Phases: the big phase's scenarios are named "big: ...", so BENCH_ONLY=big runs
 * only the big phase and BENCH_ONLY='^(?!big)' only the original one; a phase
 * none of whose scenarios is selected is skipped with its seeding.
 */
import autocannon from "autocannon"
import { spawn } from "node:child_process"
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { availableParallelism, loadavg } from "node:os"
import { dirname, join, relative, resolve } from "node:path"
import { isDeepStrictEqual } from "node:util"
import { fileURLToPath } from "node:url"
import { BIG_DEFAULTS, checkRankFormulas, seedBig } from "./big.mjs"

// ------------------------------------------------------------------ constants
const envInt = (name, fallback) => (process.env[name] === undefined ? fallback : Number.parseInt(process.env[name], 10))

const HOST = "127.0.0.1"
const CONNECTIONS = envInt("BENCH_CONNECTIONS", 10)
const DURATION_S = envInt("BENCH_DURATION", 8) // measured seconds per scenario
const WARMUP_S = envInt("BENCH_WARMUP", 2) // discarded seconds before each measured run
const SEED_USERS = 10
const SEED_CHANNELS = 10
const SEED_POSTS = envInt("BENCH_POSTS", 10_000)
const THREAD_TOP = 40 // top-level comments of the listed thread; 2 replies each, 1 reply to each reply
const THREAD_COMMENTS = THREAD_TOP * 5 // 40 + 80 + 80 = 200
const SEED_CONCURRENCY = 16 // requests in flight while seeding
const SECRET_KEY = "holonet-bench-secret-key-0123456789-abcdefghijkl" // 48 chars, HS256 secret
const TOKEN_MINUTES = 120 // the seeded JWT must outlive the whole run
const HEALTH_ATTEMPTS = 150 // bounded /health polling ...
const HEALTH_INTERVAL_MS = 100 // ... i.e. at most ~15 s (plus request time) to start
const HEALTH_REQUEST_TIMEOUT_MS = 1_000
const STOP_TIMEOUT_MS = 15_000 // SIGTERM grace before SIGKILL
const RSS_SAMPLE_MS = 250
const SEED_REQUEST_TIMEOUT_MS = 30_000
const BIG_POSTS = envInt("BENCH_BIG_POSTS", BIG_DEFAULTS.posts)
const BIG_CONNECTIONS = envInt("BENCH_BIG_CONNECTIONS", 32)
const BIG_DURATION_S = envInt("BENCH_BIG_DURATION", 5) // shorter than the others: keeps the default run near 6 minutes
const BIG_WARMUP_S = envInt("BENCH_BIG_WARMUP", 1)
const P99_TARGET_MS = 50 // issue 6: the hot page and the feed
const SCENARIO_FILTER = process.env.BENCH_ONLY === undefined ? undefined : new RegExp(process.env.BENCH_ONLY)
const DRY_RUN = process.argv.includes("--dry-run")

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const DATA_DIR = join(ROOT, "bench", ".data")
const DB_REL = "bench/.data/holonet.db" // relative to ROOT (the servers' cwd)
const BIG_DB_REL = "bench/.data/big.db"
const RESULTS_FILE = join(DATA_DIR, "results.json")
const HOLONET_MAIN = resolve(ROOT, process.env.BENCH_HOLONET_MAIN ?? "apps/server/dist/main.js")
const PLAIN_MAIN = join(ROOT, "bench", "plain.mjs")

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

// ------------------------------------------------------------------ servers
/** The systems under test, in run order. Both see the same env contract. */
const SERVERS = [
  {
    key: "holonet",
    label: DRY_RUN ? "Holonet (dry run: plain stand-in)" : "Holonet",
    script: DRY_RUN ? PLAIN_MAIN : HOLONET_MAIN,
    nodeArgs: DRY_RUN ? [] : startNodeArgs(),
    env: {
      NODE_ENV: "production",
      ACCESS_LOG: "false",
      ...(DRY_RUN ? { PLAIN_INIT_SCHEMA: "1" } : {})
    },
    seeds: true // the database is created by this server's own migrations and seeded through its API
  },
  { key: "plain", label: "plain", script: PLAIN_MAIN, env: {}, seeds: false }
]

// ------------------------------------------------------------------ scenarios
/**
 * One entry per benchmarked route. `request(ctx)` returns
 * {method, path, headers?, body?} where body is a string or a function
 * returning a fresh string per request. ctx is what seeding produced:
 * {users: [{username, id, token}], agent: {username, id, key}, channels: [{id, name}], postIds, post}.
 * `perRequest()`, when present, gives {headers, body} afresh for every request (e.g. rotating
 * users' tokens). `status` is the only expected status code; `servers` limits a scenario to
 * some servers (e.g. routes plain.mjs does not implement: ["holonet"]);
 * `compare` is how plain's probe answer must match Holonet's: "exact"
 * (deep-equal JSON) or "shape" (same keys in the same order).
 * To add a scenario (comments, votes, feed, search), extend seed() for what
 * it needs in ctx and append here. Reads with and without credentials are
 * paired in PAIRS below so the report shows them side by side.
 */
const SCENARIOS = [
  {
    name: "GET /api/posts?limit=20",
    request: () => ({ method: "GET", path: "/api/posts?limit=20" }),
    status: 200,
    compare: "shape"
  },
  {
    // The list is public: both servers accept the header and do not resolve it.
    name: "GET /api/posts?limit=20 (API key)",
    request: (ctx) => ({
      method: "GET",
      path: "/api/posts?limit=20",
      headers: { authorization: `Bearer ${ctx.agent.key}` }
    }),
    status: 200,
    compare: "shape"
  },
  {
    name: "GET /api/posts?channel=NAME&limit=20",
    request: (ctx) => ({ method: "GET", path: `/api/posts?channel=${encodeURIComponent(ctx.channels[0].name)}&limit=20` }),
    status: 200,
    compare: "shape"
  },
  {
    name: "GET /api/posts/{id}",
    request: (ctx) => ({ method: "GET", path: `/api/posts/${ctx.post.id}` }),
    status: 200,
    compare: "exact"
  },
  {
    name: "GET /api/users/{username}",
    request: (ctx) => ({ method: "GET", path: `/api/users/${ctx.agent.username}` }),
    status: 200,
    compare: "exact"
  },
  {
    // The same user JSON as above, reached through the key: SHA-256 of the key,
    // indexed lookup of the digest, constant-time comparison.
    name: "GET /api/users/me (API key)",
    request: (ctx) => ({ method: "GET", path: "/api/users/me", headers: { authorization: `Bearer ${ctx.agent.key}` } }),
    status: 200,
    compare: "exact"
  },
  {
    name: "POST /api/posts (JWT)",
    request: (ctx) => {
      let n = 0
      return {
        method: "POST",
        path: "/api/posts",
        headers: { authorization: `Bearer ${ctx.users[0].token}`, "content-type": "application/json" },
        body: () => {
          n += 1
          return JSON.stringify({
            title: `Benchmark post ${n}`,
            content: postContent(n),
            channel_id: ctx.channels[n % ctx.channels.length].id
          })
        }
      }
    },
    status: 201,
    compare: "shape"
  },
  {
    // One user comments on one post (not the thread below, so its list stays fixed); each insert
    // also bumps the post's comment_count in the same transaction.
    name: "POST /api/comments",
    request: (ctx) => {
      let n = 0
      return {
        method: "POST",
        path: "/api/comments",
        headers: { authorization: `Bearer ${ctx.users[1].token}`, "content-type": "application/json" },
        body: () => {
          n += 1
          return JSON.stringify({ post_id: ctx.commentTarget.id, content: `Benchmark comment ${n}: ${postContent(n)}` })
        }
      }
    },
    status: 201,
    compare: "shape"
  },
  {
    // Alternating users: request i is sent by voter i mod V (every seeded user but the post's
    // author, V odd or even) with value +1 when i is even, -1 when odd. With an odd V each voter
    // also alternates its own value, so every request moves the vote row, the counters and karma.
    name: "POST /api/posts/{id}/vote (alternating users)",
    request: (ctx) => {
      let n = 0
      const voters = ctx.voters
      return {
        method: "POST",
        path: `/api/posts/${ctx.voteTarget.id}/vote`,
        perRequest: () => {
          const i = n++
          return {
            headers: {
              authorization: `Bearer ${voters[i % voters.length].token}`,
              "content-type": "application/json"
            },
            body: JSON.stringify({ value: i % 2 === 0 ? 1 : -1 })
          }
        }
      }
    },
    status: 200,
    compare: "shape"
  },
  {
    // 200 comments of one post in a three-level thread (seeded through the API), thread order.
    name: "GET /api/comments?post_id=ID&limit=200",
    request: (ctx) => ({ method: "GET", path: `/api/comments?post_id=${ctx.thread.id}&limit=200` }),
    status: 200,
    compare: "exact"
  }
]

/**
 * Anonymous and authenticated reads, shown side by side in the report:
 * what sending (and, where the route needs it, resolving) an API key costs.
 */
const PAIRS = [
  {
    label: "posts list (key sent, public route: not resolved)",
    anonymous: "GET /api/posts?limit=20",
    keyed: "GET /api/posts?limit=20 (API key)"
  },
  {
    label: "one user (/users/{username} vs /users/me: key resolved)",
    anonymous: "GET /api/users/{username}",
    keyed: "GET /api/users/me (API key)"
  }
]

/**
 * The big phase (issue 6): reads of a 100k-post database at BIG_CONNECTIONS.
 * ctx is what bench/big.mjs returned (channels, readers with their tokens and
 * sources, the search words, the expected first hot pages). `target`: p99 must
 * stay under P99_TARGET_MS. `check(body, ctx)` returns problems with the
 * probe's answer (wrong order, a post from outside the reader's sources, ...).
 */
const BIG_SCENARIOS = [
  {
    name: "big: GET /api/posts?sort=hot",
    request: () => ({ method: "GET", path: "/api/posts?sort=hot" }),
    status: 200,
    compare: "exact",
    target: true,
    check: (body, ctx) => sameIds("hot page", body, ctx.hotTop)
  },
  {
    name: "big: GET /api/posts?sort=hot&channel=BIG",
    request: (ctx) => ({ method: "GET", path: `/api/posts?sort=hot&channel=${encodeURIComponent(ctx.bigChannel.name)}` }),
    status: 200,
    compare: "exact",
    target: true,
    check: (body, ctx) => sameIds("hot page of the largest channel", body, ctx.hotTopBigChannel)
  },
  {
    name: "big: GET /api/feed (typical reader)",
    request: (ctx) => ({ method: "GET", path: "/api/feed", headers: { authorization: `Bearer ${ctx.readers.typical.token}` } }),
    status: 200,
    compare: "exact",
    target: true,
    check: (body, ctx) => sameIds("typical reader's feed", body, ctx.readers.typical.hotTop)
  },
  {
    name: "big: GET /api/feed (sparse reader)",
    request: (ctx) => ({ method: "GET", path: "/api/feed", headers: { authorization: `Bearer ${ctx.readers.sparse.token}` } }),
    status: 200,
    compare: "exact",
    target: true,
    check: (body, ctx) => sameIds("sparse reader's feed", body, ctx.readers.sparse.hotTop)
  },
  {
    name: "big: GET /api/search?q=COMMON",
    request: (ctx) => ({ method: "GET", path: `/api/search?q=${ctx.words.common}` }),
    status: 200,
    compare: "exact",
    check: (body, ctx) => allMatch(body, ctx.words.common, Math.min(20, ctx.words.commonPosts))
  },
  {
    name: "big: GET /api/search?q=RARE",
    request: (ctx) => ({ method: "GET", path: `/api/search?q=${ctx.words.rare}` }),
    status: 200,
    compare: "exact",
    check: (body, ctx) => allMatch(body, ctx.words.rare, Math.min(20, ctx.words.rarePosts))
  }
].map((s) => ({ ...s, connections: BIG_CONNECTIONS, duration: BIG_DURATION_S, warmup: BIG_WARMUP_S }))

/** The probe answered exactly these posts, in this order. */
function sameIds(what, body, expected) {
  if (!Array.isArray(body)) return [`${what}: not an array`]
  const ids = body.map((p) => p?.id)
  if (isDeepStrictEqual(ids, expected)) return []
  const firstDiff = ids.findIndex((id, i) => id !== expected[i])
  return [`${what}: ${ids.length} posts, expected ${expected.length}; first difference at #${firstDiff === -1 ? ids.length : firstDiff}`]
}

/** `expected` posts, each containing a word that starts with `word`. */
function allMatch(body, word, expected) {
  if (!Array.isArray(body)) return ["not an array"]
  const problems = []
  if (body.length !== expected) problems.push(`${body.length} posts found for "${word}", expected ${expected}`)
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])${word}`, "iu")
  const misses = body.filter((p) => !re.test(`${p.title} ${p.content}`)).length
  if (misses > 0) problems.push(`${misses} of ${body.length} posts do not contain "${word}"`)
  return problems
}

// ------------------------------------------------------------------ child processes
/** An expected failure (bad build, server did not start, seeding refused): reported without a stack. */
class BenchError extends Error {}

const children = new Set()

const killAll = () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
  }
}
process.on("exit", killAll)
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]]) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping servers`)
    killAll()
    process.exit(code)
  })
}

const freePort = () =>
  new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on("error", reject)
    probe.listen(0, HOST, () => {
      const { port } = probe.address()
      probe.close(() => resolvePort(port))
    })
  })

const tail = (file, lines = 40) => {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n")
  } catch {
    return "(no log)"
  }
}

const readProcStatus = (pid) => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8")
    const kb = (field) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)
      return m === null ? undefined : Number(m[1])
    }
    return { vmHWM: kb("VmHWM"), vmRSS: kb("VmRSS") }
  } catch {
    return undefined // not Linux, or the process is gone
  }
}

/** utime + stime of a process, in ms (Linux clock ticks are 10 ms), or undefined. */
const cpuMs = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ") // fields from #3 (state) on
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

/**
 * Spawns a server on the database `db` (relative to ROOT), logging to
 * bench/.data/<log>.log; resolves once GET /health answers {"status":"healthy"};
 * throws if it exits or never does.
 */
const startServer = async (def, { db = DB_REL, log = def.key } = {}) => {
  const port = await freePort()
  const logFile = join(DATA_DIR, `${log}.log`)
  const logFd = openSync(logFile, "w")
  const env = {
    ...process.env,
    PORT: String(port),
    HOST,
    DATABASE_URL: `sqlite:${db}`,
    SECRET_KEY,
    ACCESS_TOKEN_EXPIRE_MINUTES: String(TOKEN_MINUTES),
    ...def.env
  }
  const child = spawn(process.execPath, [...(def.nodeArgs ?? []), def.script], {
    cwd: ROOT,
    env,
    stdio: ["ignore", logFd, logFd]
  })
  closeSync(logFd)
  children.add(child)
  const exited = new Promise((resolveExit) => {
    child.once("exit", (code, signal) => resolveExit({ code, signal }))
    child.once("error", (error) => resolveExit({ code: null, signal: null, error }))
  })
  const server = { def, child, port, base: `http://${HOST}:${port}`, logFile, exited, rss: { maxSampledKb: 0 } }
  server.sampler = setInterval(() => {
    const s = readProcStatus(child.pid)
    if (s?.vmRSS !== undefined) server.rss.maxSampledKb = Math.max(server.rss.maxSampledKb, s.vmRSS)
  }, RSS_SAMPLE_MS)
  server.sampler.unref()

  const startedAt = performance.now()
  let exitInfo
  exited.then((info) => {
    exitInfo = info
    server.exitInfo = info
  })
  let lastError = "no answer yet"
  for (let attempt = 1; attempt <= HEALTH_ATTEMPTS; attempt++) {
    if (exitInfo !== undefined) break
    try {
      const res = await fetch(`${server.base}/health`, { signal: AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MS) })
      const body = await res.text()
      if (res.status === 200 && JSON.parse(body).status === "healthy") {
        server.startMs = performance.now() - startedAt
        return server
      }
      lastError = `HTTP ${res.status} ${body.slice(0, 200)}`
    } catch (error) {
      lastError = error.cause?.code ?? error.message
    }
    // poll interval, cut short if the child exits meanwhile
    await Promise.race([new Promise((r) => setTimeout(r, HEALTH_INTERVAL_MS)), exited])
  }
  clearInterval(server.sampler)
  if (exitInfo === undefined) child.kill("SIGKILL")
  const why = exitInfo === undefined
    ? `did not become healthy after ${HEALTH_ATTEMPTS} attempts (last: ${lastError})`
    : `exited during start-up (code ${exitInfo.code}, signal ${exitInfo.signal}${exitInfo.error ? `, ${exitInfo.error.message}` : ""})`
  throw new BenchError(`${def.label} ${why}\n--- ${logFile} (tail) ---\n${tail(logFile)}`)
}

/**
 * After seeding: remember the peak so far (seeding hashes passwords, which
 * can dominate memory), then reset VmHWM (`echo 5 > /proc/PID/clear_refs`,
 * Linux >= 4.0) so the reported peak is the one under the benchmark load.
 */
const resetPeakRss = (server) => {
  const before = readProcStatus(server.child.pid)
  server.rss.seedPeakKb = before?.vmHWM
  try {
    writeFileSync(`/proc/${server.child.pid}/clear_refs`, "5")
    server.rss.hwmResetAfterSeed = true
  } catch {
    server.rss.hwmResetAfterSeed = false
  }
  server.rss.maxSampledKb = before?.vmRSS ?? 0
}

/** Throws if the server is gone (it must live until stopServer). */
const assertAlive = (server, when) => {
  const info = server.exitInfo
  if (info === undefined) return
  throw new BenchError(
    `${server.def.label} exited unexpectedly ${when} (code ${info.code}, signal ${info.signal}); ` +
      `was it killed from outside?\n--- ${server.logFile} (tail) ---\n${tail(server.logFile)}`
  )
}

/** Reads the peak RSS, then SIGTERM and waits for exit (SIGKILL after STOP_TIMEOUT_MS). */
const stopServer = async (server) => {
  clearInterval(server.sampler)
  const final = readProcStatus(server.child.pid)
  if (final !== undefined) {
    server.rss.vmHWMKb = final.vmHWM
    server.rss.finalKb = final.vmRSS
    server.rss.maxSampledKb = Math.max(server.rss.maxSampledKb, final.vmRSS ?? 0)
  }
  const { child } = server
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
  let timer
  const timedOut = new Promise((r) => (timer = setTimeout(() => r("timeout"), STOP_TIMEOUT_MS)))
  let info = await Promise.race([server.exited, timedOut])
  clearTimeout(timer)
  if (info === "timeout") {
    console.error(`bench: ${server.def.label} ignored SIGTERM for ${STOP_TIMEOUT_MS} ms, sending SIGKILL`)
    child.kill("SIGKILL")
    info = { ...(await server.exited), killed: true }
  }
  children.delete(child)
  server.exit = info
  return info
}

// ------------------------------------------------------------------ HTTP helpers (seeding, probes)
const call = async (base, method, path, { token, json, form } = {}) => {
  const headers = {}
  let body
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  if (json !== undefined) {
    headers["content-type"] = "application/json"
    body = JSON.stringify(json)
  } else if (form !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded"
    body = new URLSearchParams(form).toString()
  }
  const res = await fetch(`${base}${path}`, { method, headers, body, signal: AbortSignal.timeout(SEED_REQUEST_TIMEOUT_MS) })
  const text = await res.text()
  let parsed
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = text
  }
  return { status: res.status, body: parsed, text }
}

const expectStatus = async (what, expected, promise) => {
  const res = await promise
  if (res.status !== expected) {
    throw new BenchError(`seed: ${what}: expected ${expected}, got ${res.status}: ${res.text.slice(0, 300)}`)
  }
  return res.body
}

/** Runs fn(0..count-1) with at most `concurrency` in flight; rejects on the first failure. */
const pool = async (count, concurrency, fn) => {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < count) {
      const i = next++
      try {
        await fn(i)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}

const WORDS = ("agent network post channel vote comment karma model token latency prompt reasoning context " +
  "memory tool human persona schedule feed search thread reply moderator signal benchmark").split(" ")
/** Deterministic text of 100..1000 characters. */
function postContent(n) {
  const length = 100 + ((n * 7919) % 900)
  let text = ""
  for (let i = 0; text.length < length; i++) text += `${WORDS[(n + i * 31) % WORDS.length]} `
  return text.slice(0, length).trim()
}

/** Seeds through the public API; returns the ctx the scenarios use. */
const seed = async (base) => {
  const t0 = performance.now()
  const users = []
  await pool(SEED_USERS, SEED_CONCURRENCY, async (i) => {
    const username = `bench_user_${i}`
    const password = `bench-password-${i}`
    const user = await expectStatus(`register ${username}`, 201, call(base, "POST", "/api/users", {
      json: { username, password, display_name: `Bench User ${i}` }
    }))
    const login = await expectStatus(`login ${username}`, 200, call(base, "POST", "/api/auth/login", {
      form: { username, password }
    }))
    if (typeof login.access_token !== "string") throw new BenchError(`seed: login ${username}: no access_token`)
    users[i] = { username, id: user.id, token: login.access_token }
  })
  const usersMs = performance.now() - t0

  // One agent, owned by the first user; its API key is shown only in this answer.
  const agentName = "bench_agent_0"
  const registered = await expectStatus("register agent", 201, call(base, "POST", "/api/agents", {
    token: users[0].token,
    json: { username: agentName, display_name: "Bench Agent", description: "Reads the benchmark" }
  }))
  if (typeof registered.api_key !== "string" || !registered.api_key.startsWith("hn_")) {
    throw new BenchError("seed: register agent: no hn_ api_key in the answer")
  }
  const agent = { username: agentName, id: registered.agent.id, key: registered.api_key }
  await expectStatus("the agent's key authenticates", 200, call(base, "GET", "/api/users/me", { token: agent.key }))

  const channels = []
  await pool(SEED_CHANNELS, SEED_CONCURRENCY, async (i) => {
    const name = `bench-${i}`
    const channel = await expectStatus(`channel ${name}`, 201, call(base, "POST", "/api/channels", {
      token: users[i % users.length].token,
      json: { name, title: `Bench channel ${i}`, description: `Benchmark channel number ${i}` }
    }))
    channels[i] = { id: channel.id, name }
  })

  const t1 = performance.now()
  const postIds = new Array(SEED_POSTS)
  await pool(SEED_POSTS, SEED_CONCURRENCY, async (i) => {
    const post = await expectStatus(`post ${i}`, 201, call(base, "POST", "/api/posts", {
      token: users[i % users.length].token,
      json: {
        title: `Seed post ${i}`,
        content: postContent(i),
        channel_id: channels[i % channels.length].id,
        ...(i % 5 === 0 ? { flair: "discussion" } : {})
      }
    }))
    postIds[i] = post.id
  })
  const postsMs = performance.now() - t1
  const totalMs = performance.now() - t0

  const post = await expectStatus("read back a seeded post", 200, call(base, "GET", `/api/posts/${postIds[SEED_POSTS >> 1]}`))

  // Comments and votes: three posts of their own, so no other scenario's answer changes.
  const t2 = performance.now()
  const ownPost = async (what, author) =>
    expectStatus(what, 201, call(base, "POST", "/api/posts", {
      token: author.token,
      json: { title: `Bench ${what}`, content: postContent(7), channel_id: channels[0].id }
    }))
  const commentTarget = await ownPost("comment target", users[0])
  const voteTarget = await ownPost("vote target", users[0])
  const voters = users.filter((u) => u.id !== voteTarget.author_id)
  const thread = await ownPost("thread", users[0])
  // A three-level thread of THREAD_COMMENTS: 40 top-level comments, 2 replies each, 1 reply to each reply.
  const comment = (i, parentId) =>
    expectStatus(`thread comment ${i}`, 201, call(base, "POST", "/api/comments", {
      token: users[i % users.length].token,
      json: { post_id: thread.id, content: postContent(i), ...(parentId === undefined ? {} : { parent_id: parentId }) }
    })).then((c) => c.id)
  let made = 0
  const tops = []
  await pool(THREAD_TOP, SEED_CONCURRENCY, async (i) => {
    tops[i] = await comment(made++)
  })
  const replies = []
  await pool(THREAD_TOP * 2, SEED_CONCURRENCY, async (i) => {
    replies[i] = await comment(made++, tops[i >> 1])
  })
  await pool(THREAD_TOP * 2, SEED_CONCURRENCY, async (i) => {
    await comment(made++, replies[i])
  })
  const threadRead = await expectStatus("read back the thread", 200, call(base, "GET", `/api/posts/${thread.id}`))
  if (threadRead.comment_count !== THREAD_COMMENTS) {
    throw new BenchError(`seed: thread has comment_count ${threadRead.comment_count}, expected ${THREAD_COMMENTS}`)
  }
  const commentsMs = performance.now() - t2
  return {
    ctx: { users, agent, channels, postIds, post, commentTarget, voteTarget, voters, thread },
    stats: {
      users: SEED_USERS,
      channels: SEED_CHANNELS,
      posts: SEED_POSTS,
      concurrency: SEED_CONCURRENCY,
      users_ms: Math.round(usersMs),
      posts_ms: Math.round(postsMs),
      posts_per_s: Math.round(SEED_POSTS / (postsMs / 1000)),
      thread_comments: THREAD_COMMENTS,
      comments_ms: Math.round(commentsMs),
      total_ms: Math.round(totalMs)
    }
  }
}

// ------------------------------------------------------------------ measuring
const shapeOf = (value) => {
  const one = Array.isArray(value) ? value[0] : value
  return one !== null && typeof one === "object" ? Object.keys(one).join(",") : typeof one
}

/** One request by fetch first (status check, sample answer), then autocannon. */
const runScenario = async (server, scenario, ctx) => {
  const req = scenario.request(ctx)
  const bodyOf = typeof req.body === "function" ? req.body : () => req.body
  const probeReq = req.perRequest === undefined ? { headers: req.headers, body: bodyOf() } : req.perRequest()
  const probeRes = await fetch(`${server.base}${req.path}`, {
    method: req.method,
    headers: probeReq.headers,
    body: probeReq.body,
    signal: AbortSignal.timeout(SEED_REQUEST_TIMEOUT_MS)
  })
  const probeText = await probeRes.text()
  let probeBody
  try {
    probeBody = JSON.parse(probeText)
  } catch {
    probeBody = probeText
  }
  const probe = { status: probeRes.status, body: probeBody }
  const connections = scenario.connections ?? CONNECTIONS
  const warmupS = scenario.warmup ?? WARMUP_S

  const cpuBefore = cpuMs(server.child.pid)
  const wallBefore = performance.now()
  const instance = autocannon({
    url: server.base,
    connections,
    duration: scenario.duration ?? DURATION_S,
    warmup: warmupS > 0 ? { connections, duration: warmupS } : undefined,
    requests: [{
      method: req.method,
      path: req.path,
      headers: req.headers,
      ...(req.perRequest !== undefined
        ? { setupRequest: (r) => ({ ...r, ...req.perRequest() }) }
        : typeof req.body === "function"
        ? { setupRequest: (r) => ({ ...r, body: req.body() }) }
        : req.body === undefined ? {} : { body: req.body })
    }]
  })
  // autocannon's own histogram has 1 ms resolution; keep exact times of the measured run (expected status only)
  const times = []
  instance.on("response", (_client, statusCode, _bytes, ms) => {
    if (statusCode === scenario.status) times.push(ms)
  })
  const result = await instance
  const cpuAfter = cpuMs(server.child.pid)
  const wallSpent = performance.now() - wallBefore
  times.sort((a, b) => a - b)
  const pct = (q) => (times.length === 0 ? undefined : times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)])
  const round2 = (x) => (x === undefined ? undefined : Math.round(x * 100) / 100)

  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]))
  const total = Object.values(statusCounts).reduce((a, b) => a + b, 0)
  const unexpected = total - (statusCounts[scenario.status] ?? 0)
  const warmup = result.warmup
  const warmupBad = warmup === undefined ? 0 : warmup.non2xx + warmup.errors + warmup.timeouts
  const issues = []
  if (probe.status !== scenario.status) {
    issues.push(`probe answered ${probe.status} (expected ${scenario.status}): ${probeText.slice(0, 200)}`)
  } else if (scenario.check !== undefined) {
    issues.push(...scenario.check(probe.body, ctx).map((problem) => `probe: ${problem}`))
  }
  if (result.non2xx > 0) issues.push(`${result.non2xx} non-2xx`)
  if (unexpected > 0) issues.push(`${unexpected} responses not ${scenario.status} (${JSON.stringify(statusCounts)})`)
  if (result.errors > 0) issues.push(`${result.errors} socket errors`)
  if (result.timeouts > 0) issues.push(`${result.timeouts} timeouts`)
  if (warmupBad > 0) issues.push(`warm-up: ${warmup.non2xx} non-2xx, ${warmup.errors} errors, ${warmup.timeouts} timeouts`)
  if (result.requests.total === 0 || total === 0) issues.push("no completed requests")

  return {
    req_per_s: Math.round(result.requests.average),
    p50_ms: round2(pct(0.5)),
    p90_ms: round2(pct(0.9)),
    p99_ms: round2(pct(0.99)),
    max_ms: round2(times.at(-1)),
    mean_ms: round2(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)),
    autocannon_latency_ms: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.average },
    requests: result.requests.total,
    non2xx: result.non2xx,
    unexpected_status: unexpected,
    errors: result.errors,
    timeouts: result.timeouts,
    status_codes: statusCounts,
    // server CPU over warm-up + measured run: utilisation (100 = one core) and CPU time per request
    server_cpu_pct: cpuBefore === undefined || cpuAfter === undefined ? undefined
      : Math.round(((cpuAfter - cpuBefore) / wallSpent) * 100),
    server_cpu_ms_per_req: cpuBefore === undefined || cpuAfter === undefined ? undefined
      : Math.round(((cpuAfter - cpuBefore) / Math.max(1, total + (warmup?.requests.total ?? 0))) * 1000) / 1000,
    warmup_requests: warmup?.requests.total ?? 0,
    warmup_non2xx: warmup?.non2xx ?? 0,
    probe,
    issues
  }
}

// ------------------------------------------------------------------ report
const fmtInt = (n) => (n === undefined ? "n/a" : Math.round(n).toLocaleString("en-US"))
const fmtMs = (n) => (n === undefined ? "n/a" : `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`)
const fmtMb = (kb) => (kb === undefined ? "n/a" : `${(kb / 1024).toFixed(1)} MB`)

/** The anonymous and API-key reads of PAIRS next to each other, per server. */
const pairsTable = (report) => {
  const lines = []
  const byName = new Map(report.scenarios.map((s) => [s.name, s]))
  const pairs = PAIRS.filter((pair) => byName.has(pair.anonymous) && byName.has(pair.keyed))
  if (pairs.length > 0) {
    const rate = (name, key) => byName.get(name).results[key]?.req_per_s
    const cost = (name, key) => byName.get(name).results[key]?.server_cpu_ms_per_req
    const share = (keyed, anonymous) =>
      keyed !== undefined && anonymous !== undefined && anonymous > 0 ? (keyed / anonymous).toFixed(2) : "n/a"
    lines.push(`| anonymous vs API key | Holonet anon req/s | Holonet key req/s | key ÷ anon | plain anon req/s | plain key req/s | key ÷ anon |`)
    lines.push(`|---|---:|---:|---:|---:|---:|---:|`)
    for (const pair of pairs) {
      const cells = ["holonet", "plain"].map((key) => {
        const anon = rate(pair.anonymous, key)
        const keyed = rate(pair.keyed, key)
        return `${fmtInt(anon)} | ${fmtInt(keyed)} | ${share(keyed, anon)}`
      })
      lines.push(`| ${pair.label} | ${cells.join(" | ")} |`)
    }
    const cpuPairs = pairs.map((pair) =>
      `${pair.anonymous} → ${pair.keyed}: Holonet ${cost(pair.anonymous, "holonet") ?? "n/a"} → ${cost(pair.keyed, "holonet") ?? "n/a"} ms, ` +
        `plain ${cost(pair.anonymous, "plain") ?? "n/a"} → ${cost(pair.keyed, "plain") ?? "n/a"} ms`
    )
    lines.push(`Server CPU per request, anonymous → API key: ${cpuPairs.join("; ")}.`)
  }
  return lines
}

/** The original phase's table and notes (empty when none of its scenarios ran). */
const smallMarkdown = (report) => {
  if (report.scenarios.length === 0) return []
  const lines = [
    `| route | Holonet req/s | p50 | p99 | plain req/s | p50 | p99 | ratio |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|`
  ]
  for (const s of report.scenarios) {
    const h = s.results.holonet
    const p = s.results.plain
    lines.push(
      `| ${s.name}${s.flagged ? " ⚠" : ""} | ${fmtInt(h?.req_per_s)} | ${fmtMs(h?.p50_ms)} | ${fmtMs(h?.p99_ms)} | ` +
        `${fmtInt(p?.req_per_s)} | ${fmtMs(p?.p50_ms)} | ${fmtMs(p?.p99_ms)} | ${ratioOf(h, p)} |`
    )
  }
  const h = report.servers.holonet?.rss ?? {}
  const p = report.servers.plain?.rss ?? {}
  lines.push(
    `| peak RSS (VmHWM, under load) | ${fmtMb(h.vmHWMKb)} | | | ${fmtMb(p.vmHWMKb)} | | | |`
  )
  lines.push("")
  lines.push(`ratio = Holonet req/s ÷ plain req/s. ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s measured per route, ` +
    `autocannon in the runner process, servers on ${HOST}.`)
  const cpu = (key) => report.scenarios.map((s) => s.results[key]?.server_cpu_ms_per_req ?? "n/a").join(" / ")
  lines.push(`Server CPU ms per request (routes in table order): Holonet ${cpu("holonet")}; plain ${cpu("plain")}.`)
  lines.push(`RSS: Holonet peak ${fmtMb(h.vmHWMKb)} under load${h.hwmResetAfterSeed ? "" : " (VmHWM reset failed: includes seeding)"} ` +
    `(max sampled VmRSS ${fmtMb(h.maxSampledKb)}, at stop ${fmtMb(h.finalKb)}; peak while seeding ${fmtMb(h.seedPeakKb)}); ` +
    `plain peak ${fmtMb(p.vmHWMKb)} (max sampled ${fmtMb(p.maxSampledKb)}, at stop ${fmtMb(p.finalKb)}).`)
  const sd = report.seed
  if (sd !== undefined) {
    lines.push(`Seed via Holonet API: ${sd.users} users + 1 agent + ${sd.channels} channels + ${fmtInt(sd.posts)} posts in ${(sd.total_ms / 1000).toFixed(1)} s ` +
      `(posts: ${(sd.posts_ms / 1000).toFixed(1)} s, ${fmtInt(sd.posts_per_s)} posts/s at ${sd.concurrency} in flight).`)
  }
  const pairLines = pairsTable(report)
  if (pairLines.length > 0) lines.push("", ...pairLines)
  return lines
}

const ratioOf = (h, p) => (h !== undefined && p !== undefined && p.req_per_s > 0 ? (h.req_per_s / p.req_per_s).toFixed(2) : "n/a")
const seconds = (ms) => (ms === undefined ? "n/a" : `${(ms / 1000).toFixed(1)} s`)

/** The big phase's table: req/s, mean and p99 per server, the p99 target, and how the database was made. */
const bigMarkdown = (big) => {
  if (big === undefined) return []
  const sd = big.seed ?? {}
  const lines = [
    `| big DB (${fmtInt(sd.posts)} posts), ${BIG_CONNECTIONS} connections | Holonet req/s | mean | p99 | p99 < ${P99_TARGET_MS} ms | ` +
      `plain req/s | mean | p99 | ratio |`,
    `|---|---:|---:|---:|:---:|---:|---:|---:|---:|`
  ]
  for (const s of big.scenarios) {
    const h = s.results.holonet
    const p = s.results.plain
    const target = !s.target ? "" : h?.p99_ms === undefined ? "n/a" : h.p99_ms < P99_TARGET_MS ? "yes" : "**NO**"
    lines.push(
      `| ${s.label ?? s.name}${s.flagged ? " ⚠" : ""} | ${fmtInt(h?.req_per_s)} | ${fmtMs(h?.mean_ms)} | ${fmtMs(h?.p99_ms)} | ${target} | ` +
        `${fmtInt(p?.req_per_s)} | ${fmtMs(p?.mean_ms)} | ${fmtMs(p?.p99_ms)} | ${ratioOf(h, p)} |`
    )
  }
  const h = big.servers.holonet?.rss ?? {}
  const p = big.servers.plain?.rss ?? {}
  lines.push(`| peak RSS (VmHWM) | ${fmtMb(h.vmHWMKb)} | | | | ${fmtMb(p.vmHWMKb)} | | | |`)
  lines.push("")
  lines.push(`${BIG_WARMUP_S} s warm-up + ${BIG_DURATION_S} s measured per route; p99 and mean from every answer's own time ` +
    `(autocannon's latency.p99, 1 ms resolution, is in results.json). The target applies to the hot pages and the feeds.`)
  if (sd.posts !== undefined) {
    const sizes = sd.channel_sizes ?? []
    lines.push(`Big DB: ${fmtInt(sd.posts)} posts, ${fmtInt(sd.comments)} comments, ${fmtInt(sd.users)} users (${fmtInt(sd.agents)} agents), ` +
      `${sd.channels} channels of ${fmtInt(sizes[0])} down to ${fmtInt(sizes.at(-1))} posts, ${fmtInt(sd.subscriptions)} subscriptions, ` +
      `${fmtInt(sd.follows)} follows, ${fmtInt(sd.vote_rows)} vote rows on ${fmtInt(sd.voted_posts_with_rows)} posts ` +
      `(${fmtInt(sd.votes_counted)} votes counted in all), ${fmtInt(sd.db_mb)} MB.`)
    lines.push(`Seeding: ${seconds(sd.wall_ms)} in all: migrations + 2 readers through Holonet's API ${seconds(sd.migrate_and_readers_ms)}, ` +
      `generation ${seconds(sd.generate_ms)}, bulk insert ${seconds(sd.insert_ms)} (users/graph ${seconds(sd.users_ms)}, ` +
      `posts ${seconds(sd.posts_ms)}, votes ${seconds(sd.votes_ms)}, comments ${seconds(sd.comments_ms)}; FTS triggers included), ` +
      `WAL switch ${seconds(sd.finish_ms)}, checks ${seconds(sd.checks_ms)}. Rank formulas vs packages/domain: ${sd.rank_formulas}.`)
    const r = big.readers ?? {}
    const who = (x) => x === undefined ? "n/a"
      : `${x.channels.length} channels (${x.channels.map((c) => `${c.name} ${fmtInt(c.posts)}`).join(", ")}) + ` +
        `${x.follows.length} followed authors (${x.follows.map((f) => fmtInt(f.posts)).join(", ")} posts) = ${fmtInt(x.source_posts)} posts`
    lines.push(`Typical reader: ${who(r.typical)}. Sparse reader: ${who(r.sparse)}.`)
    lines.push(`Search: "${sd.words?.common.word}" is in ${fmtInt(sd.words?.common.posts)} posts, "${sd.words?.rare.word}" in ${fmtInt(sd.words?.rare.posts)}.`)
  }
  return lines
}

const markdown = (report) => {
  const lines = []
  const small = smallMarkdown(report)
  const big = bigMarkdown(report.big)
  lines.push(...small)
  if (small.length > 0 && big.length > 0) lines.push("")
  lines.push(...big)
  lines.push("")
  lines.push(`Machine: ${report.machine.cpus} CPUs; 1-min load average ${report.machine.loadavg_at_start[0]} just before the run ` +
    `(anything else busy on the machine skews both columns).`)
  const all = [...report.scenarios, ...(report.big?.scenarios ?? [])]
  for (const s of all.filter((x) => x.flagged)) {
    for (const [server, issues] of Object.entries(s.issues)) {
      for (const issue of issues) lines.push(`⚠ ${s.label ?? s.name} [${server}]: ${issue}`)
    }
  }
  return lines.join("\n")
}

// ------------------------------------------------------------------ phases
const serves = (scenario, def) => scenario.servers === undefined || scenario.servers.includes(def.key)
const entriesOf = (scenarios) =>
  scenarios.map((s) => ({
    name: s.name,
    expected_status: s.status,
    target: s.target === true,
    results: {},
    issues: {},
    flagged: false
  }))

/**
 * Every server in turn (Holonet, then plain) on the database `db`: start it,
 * let `seedWith(server)` seed through it (the server with `seeds`, when given),
 * run the scenarios it serves, stop it. Fills `entries` and `servers`.
 */
const measurePhase = async ({ scenarios, entries, servers, db, log = (def) => def.key, seedWith, ctx }) => {
  for (const def of SERVERS) {
    const seeding = def.seeds && seedWith !== undefined
    if (!seeding && !scenarios.some((s) => serves(s, def))) continue
    console.log(`bench: starting ${def.label} (${relative(ROOT, def.script)}) on ${db}`)
    const server = await startServer(def, { db, log: log(def) })
    console.log(`bench: ${def.label} healthy on ${server.base} after ${Math.round(server.startMs)} ms`)
    try {
      if (seeding) ctx = await seedWith(server)
      if (ctx === undefined) throw new Error(`no seed context before ${def.label}`)
      for (const [i, scenario] of scenarios.entries()) {
        if (!serves(scenario, def)) continue
        assertAlive(server, `before ${scenario.name}`)
        const r = await runScenario(server, scenario, ctx)
        assertAlive(server, `during ${scenario.name}`)
        const entry = entries[i]
        entry.results[def.key] = r
        if (r.issues.length > 0) {
          entry.issues[def.key] = r.issues
          entry.flagged = true
        }
        console.log(`bench: ${def.label.padEnd(8)} ${scenario.name.padEnd(44)} ${String(r.req_per_s).padStart(7)} req/s ` +
          `mean ${r.mean_ms} ms p50 ${r.p50_ms} ms p99 ${r.p99_ms} ms cpu ${r.server_cpu_pct}%` +
          `${r.issues.length > 0 ? `  ⚠ ${r.issues.join("; ")}` : ""}`)
      }
    } finally {
      const exit = await stopServer(server)
      servers[def.key] = {
        label: def.label,
        start_ms: Math.round(server.startMs),
        rss: server.rss,
        exit: { code: exit.code, signal: exit.signal, killed: exit.killed === true },
        log: relative(ROOT, server.logFile)
      }
      console.log(`bench: ${def.label} stopped (code ${exit.code}, signal ${exit.signal}${exit.killed ? ", SIGKILLed" : ""}), ` +
        `peak RSS ${fmtMb(server.rss.vmHWMKb)}`)
    }
  }
  return ctx
}

/** plain's answers must have Holonet's shapes (and be identical where the data cannot have moved). */
const compareProbes = (scenarios, entries) => {
  for (const [i, scenario] of scenarios.entries()) {
    const entry = entries[i]
    const h = entry.results.holonet?.probe
    const p = entry.results.plain?.probe
    if (h === undefined || p === undefined) continue
    const same = scenario.compare === "exact" ? isDeepStrictEqual(h.body, p.body) : shapeOf(h.body) === shapeOf(p.body)
    if (!same) {
      entry.flagged = true
      entry.issues.compare = [
        `plain's answer differs from Holonet's (${scenario.compare}): Holonet ${JSON.stringify(h.body).slice(0, 300)} ` +
          `vs plain ${JSON.stringify(p.body).slice(0, 300)}`
      ]
    }
  }
}

/** The two feed readers of the big phase, registered and logged in through the API (humans, JWTs). */
const registerReaders = async (base) => {
  const readers = {}
  for (const [key, username] of [["typical", "bench_reader"], ["sparse", "bench_sparse_reader"]]) {
    const password = `bench-password-${key}`
    const user = await expectStatus(`register ${username}`, 201, call(base, "POST", "/api/users", {
      json: { username, password, display_name: `Bench ${key} reader` }
    }))
    const login = await expectStatus(`login ${username}`, 200, call(base, "POST", "/api/auth/login", {
      form: { username, password }
    }))
    if (typeof login.access_token !== "string") throw new BenchError(`seed: login ${username}: no access_token`)
    readers[key] = { id: user.id, username, token: login.access_token }
  }
  return readers
}

/**
 * The big phase: migrate an empty file with Holonet (and register the
 * readers), stop it, bulk insert (bench/big.mjs), then measure both servers.
 */
const bigPhase = async (big, scenarios) => {
  const t0 = performance.now()
  let rankFormulas
  try {
    rankFormulas = await checkRankFormulas()
  } catch (error) {
    throw new BenchError(error.message)
  }
  const seeder = SERVERS.find((def) => def.seeds)
  console.log(`bench: big phase: ${seeder.label} migrates ${BIG_DB_REL}; registering the readers`)
  const server = await startServer(seeder, { db: BIG_DB_REL, log: `${seeder.key}-big-migrate` })
  let readers
  try {
    readers = await registerReaders(server.base).catch((error) => {
      assertAlive(server, "while registering the readers")
      throw error
    })
  } finally {
    await stopServer(server)
  }
  const migrateMs = performance.now() - t0
  console.log(`bench: big phase: bulk insert of ${fmtInt(BIG_POSTS)} posts, ${fmtInt(BIG_POSTS * BIG_DEFAULTS.commentsPerPost)} comments ` +
    `(better-sqlite3, one transaction)`)
  let seeded
  try {
    seeded = seedBig(join(ROOT, BIG_DB_REL), { readers, posts: BIG_POSTS })
  } catch (error) {
    throw new BenchError(`big seed failed: ${error.message}`)
  }
  const { stats, ctx } = seeded
  big.seed = {
    ...stats,
    migrate_and_readers_ms: Math.round(migrateMs),
    rank_formulas: rankFormulas,
    wall_ms: Math.round(performance.now() - t0)
  }
  // no tokens in the report
  big.readers = Object.fromEntries(Object.entries(ctx.readers).map(([key, { token: _token, hotTop: _top, ...rest }]) => [key, rest]))
  for (const [i, scenario] of scenarios.entries()) {
    const label = scenario.name.replace(/^big: /, "")
      .replace("BIG", ctx.bigChannel.name).replace("COMMON", ctx.words.common).replace("RARE", ctx.words.rare)
    big.scenarios[i].label = label
  }
  console.log(`bench: big seed done in ${seconds(big.seed.wall_ms)} (migrations + readers ${seconds(migrateMs)}, ` +
    `generation ${seconds(stats.generate_ms)}, insert ${seconds(stats.insert_ms)}: posts ${seconds(stats.posts_ms)}, ` +
    `comments ${seconds(stats.comments_ms)}; ${stats.db_mb} MB)`)
  await measurePhase({ scenarios, entries: big.scenarios, servers: big.servers, db: BIG_DB_REL, log: (def) => `${def.key}-big`, ctx })
}

// ------------------------------------------------------------------ main
const main = async () => {
  const wallStart = performance.now()
  if (!DRY_RUN && !existsSync(HOLONET_MAIN)) {
    throw new BenchError(`${HOLONET_MAIN} is missing: build first (tsc -b), or use --dry-run`)
  }
  rmSync(DATA_DIR, { recursive: true, force: true })
  mkdirSync(DATA_DIR, { recursive: true })
  const selected = (s) => SCENARIO_FILTER === undefined || SCENARIO_FILTER.test(s.name)
  const scenarios = SCENARIOS.filter(selected)
  const bigScenarios = BIG_SCENARIOS.filter(selected)
  const load = [...scenarios, ...bigScenarios].reduce((sum, s) =>
    sum + SERVERS.filter((def) => serves(s, def)).length * ((s.warmup ?? WARMUP_S) + (s.duration ?? DURATION_S)), 0)
  console.log(`bench: ${scenarios.length} scenarios + ${bigScenarios.length} big-DB scenarios × ${SERVERS.length} servers, ` +
    `~${load} s of load${DRY_RUN ? " (DRY RUN: Holonet replaced by plain.mjs)" : ""}`)

  const report = {
    started_at: new Date().toISOString(),
    dry_run: DRY_RUN,
    node: process.version,
    machine: { cpus: availableParallelism(), loadavg_at_start: loadavg().map((x) => Math.round(x * 100) / 100) },
    config: { host: HOST, connections: CONNECTIONS, duration_s: DURATION_S, warmup_s: WARMUP_S, database: DB_REL },
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

  if (scenarios.length > 0) {
    await measurePhase({
      scenarios,
      entries: report.scenarios,
      servers: report.servers,
      db: DB_REL,
      seedWith: async (server) => {
        console.log(`bench: seeding ${SEED_USERS} users, ${SEED_CHANNELS} channels, ${SEED_POSTS} posts (${SEED_CONCURRENCY} in flight)`)
        const seeded = await seed(server.base).catch((error) => {
          assertAlive(server, "while seeding")
          throw error
        })
        resetPeakRss(server)
        report.seed = seeded.stats
        console.log(`bench: seed done in ${(seeded.stats.total_ms / 1000).toFixed(1)} s ` +
          `(posts ${(seeded.stats.posts_ms / 1000).toFixed(1)} s, ${seeded.stats.posts_per_s} posts/s)`)
        return seeded.ctx
      }
    })
    compareProbes(scenarios, report.scenarios)
  }
  if (bigScenarios.length > 0) {
    await bigPhase(report.big, bigScenarios)
    compareProbes(bigScenarios, report.big.scenarios)
  }

  report.wall_ms = Math.round(performance.now() - wallStart)
  report.machine.loadavg_at_end = loadavg().map((x) => Math.round(x * 100) / 100)
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
