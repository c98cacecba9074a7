/**
 * The servers under test as child processes: start one on a free port and
 * wait for its /health, sample its memory and CPU from /proc, stop it (and
 * kill every child still running when the bench exits or is interrupted).
 */
import { spawn } from "node:child_process"
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { join } from "node:path"
import {
  DATA_DIR,
  DB_REL,
  HEALTH_ATTEMPTS,
  HEALTH_INTERVAL_MS,
  HEALTH_REQUEST_TIMEOUT_MS,
  HOST,
  ROOT,
  RSS_SAMPLE_MS,
  SECRET_KEY,
  STOP_TIMEOUT_MS,
  TOKEN_MINUTES
} from "./config.mjs"
import { BenchError } from "./errors.mjs"
import { cpuMsOf, processTree, statusOf } from "./procfs.mjs"

const children = new Set()
const workerPids = new Set() // descendants seen of servers with workers: killed with them
const cleanups = new Set()

export const killAll = () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
  }
  for (const pid of workerPids) killPid(pid)
}
const killPid = (pid) => {
  try {
    process.kill(pid, "SIGKILL")
  } catch {
    // already gone
  }
}
const isAlive = (pid) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
/** Runs `fn` (async, e.g. dropping a database) if the bench is interrupted by a signal before `release()`. */
export const atInterrupt = (fn) => {
  cleanups.add(fn)
  return () => cleanups.delete(fn)
}
process.on("exit", killAll)
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]]) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping servers`)
    killAll()
    const bounded = Promise.race([
      Promise.allSettled([...cleanups].map((fn) => fn())),
      new Promise((r) => setTimeout(r, 5_000))
    ])
    bounded.then(() => process.exit(code))
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

const TREE_CACHE_MS = 1_000 // a scan of /proc costs a few ms: not at every RSS sample

/** The server's pid, with its descendants for a server that may fork (def.tree). */
const pidsOf = (server) => {
  if (server.def.tree !== true) return [server.child.pid]
  const now = performance.now()
  if (server.tree === undefined || now - server.treeAt > TREE_CACHE_MS) {
    server.tree = processTree(server.child.pid)
    server.treeAt = now
    for (const pid of server.tree.slice(1)) workerPids.add(pid)
  }
  return server.tree
}
/** CPU ms spent so far by the server (and its workers), or undefined. */
export const serverCpuMs = (server) => cpuMsOf(pidsOf(server))

/**
 * Spawns a server on the database `db` (relative to ROOT; `databaseUrl`, when
 * given, replaces sqlite:db), logging to bench/.data/<log>.log; resolves once
 * GET /health answers {"status":"healthy"} (and, for def.readyLine, the log
 * has that line; for def.workers, that many workers are running or the wait
 * ran out); throws if it exits or never answers.
 */
export const startServer = async (def, { db = DB_REL, databaseUrl = `sqlite:${db}`, log = def.key } = {}) => {
  const port = await freePort()
  const logFile = join(DATA_DIR, `${log}.log`)
  const logFd = openSync(logFile, "w")
  const env = {
    ...process.env,
    PORT: String(port),
    HOST,
    DATABASE_URL: databaseUrl,
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
    const s = statusOf(pidsOf(server))
    if (s?.vmRSS !== undefined) server.rss.maxSampledKb = Math.max(server.rss.maxSampledKb, s.vmRSS)
  }, RSS_SAMPLE_MS)
  server.sampler.unref()

  const startedAt = performance.now()
  let exitInfo
  exited.then((info) => {
    exitInfo = info
    server.exitInfo = info
  })
  const pause = () => Promise.race([new Promise((r) => setTimeout(r, HEALTH_INTERVAL_MS)), exited])
  const fail = (why) => {
    clearInterval(server.sampler)
    if (exitInfo === undefined) child.kill("SIGKILL")
    throw new BenchError(`${def.label} ${why}\n--- ${logFile} (tail) ---\n${tail(logFile)}`)
  }
  const exitedWhy = () =>
    `exited during start-up (code ${exitInfo.code}, signal ${exitInfo.signal}${
      exitInfo.error ? `, ${exitInfo.error.message}` : ""
    })`
  let lastError = "no answer yet"
  let healthy = false
  for (let attempt = 1; attempt <= HEALTH_ATTEMPTS && !healthy && exitInfo === undefined; attempt++) {
    try {
      const res = await fetch(`${server.base}/health`, { signal: AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MS) })
      const body = await res.text()
      healthy = res.status === 200 && JSON.parse(body).status === "healthy"
      lastError = `HTTP ${res.status} ${body.slice(0, 200)}`
    } catch (error) {
      lastError = error.cause?.code ?? error.message
    }
    if (!healthy) await pause() // poll interval, cut short if the child exits meanwhile
  }
  if (exitInfo !== undefined) fail(exitedWhy())
  if (!healthy) fail(`did not become healthy after ${HEALTH_ATTEMPTS} attempts (last: ${lastError})`)

  // A cluster answers /health from its first worker: wait for every worker and the primary's ready line.
  const wantedProcesses = def.workers > 1 ? def.workers + 1 : 1
  const hasReadyLine = () => def.readyLine === undefined || def.readyLine.test(tail(logFile, 1e9))
  for (let attempt = 1; attempt <= HEALTH_ATTEMPTS && exitInfo === undefined; attempt++) {
    if (pidsOf(server).length >= wantedProcesses && hasReadyLine()) break
    await pause()
  }
  if (exitInfo !== undefined) fail(exitedWhy())
  // a build without workers stays one process (the report says so); one with workers must say they listen
  if (pidsOf(server).length >= wantedProcesses && !hasReadyLine()) {
    fail(`forked its workers but never logged ${def.readyLine}`)
  }
  server.processes = pidsOf(server).length // below wantedProcesses: the report says so
  server.startMs = performance.now() - startedAt
  return server
}

/**
 * After seeding: remember the peak so far (seeding hashes passwords, which
 * can dominate memory), then reset VmHWM (`echo 5 > /proc/PID/clear_refs`,
 * Linux >= 4.0) so the reported peak is the one under the benchmark load.
 */
export const resetPeakRss = (server) => {
  const pids = pidsOf(server)
  const before = statusOf(pids)
  server.rss.seedPeakKb = before?.vmHWM
  try {
    for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, "5")
    server.rss.hwmResetAfterSeed = true
  } catch {
    server.rss.hwmResetAfterSeed = false
  }
  server.rss.maxSampledKb = before?.vmRSS ?? 0
}

/** Throws if the server is gone (it must live until stopServer). */
export const assertAlive = (server, when) => {
  const info = server.exitInfo
  if (info === undefined) return
  throw new BenchError(
    `${server.def.label} exited unexpectedly ${when} (code ${info.code}, signal ${info.signal}); ` +
      `was it killed from outside?\n--- ${server.logFile} (tail) ---\n${tail(server.logFile)}`
  )
}

/**
 * Reads the peak RSS (summed over the workers), then SIGTERM and waits for
 * exit (SIGKILL after STOP_TIMEOUT_MS); workers left behind are SIGKILLed.
 */
export const stopServer = async (server) => {
  clearInterval(server.sampler)
  const pids = pidsOf(server)
  const final = statusOf(pids)
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
  const orphans = pids.slice(1).filter(isAlive)
  for (const pid of orphans) killPid(pid)
  for (const pid of pids) workerPids.delete(pid)
  if (orphans.length > 0) info = { ...info, orphans_killed: orphans.length }
  server.exit = info
  return info
}
