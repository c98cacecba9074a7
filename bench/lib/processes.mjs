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

const children = new Set()

export const killAll = () => {
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
export const cpuMs = (pid) => {
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
export const startServer = async (def, { db = DB_REL, log = def.key } = {}) => {
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
    : `exited during start-up (code ${exitInfo.code}, signal ${exitInfo.signal}${
      exitInfo.error ? `, ${exitInfo.error.message}` : ""
    })`
  throw new BenchError(`${def.label} ${why}\n--- ${logFile} (tail) ---\n${tail(logFile)}`)
}

/**
 * After seeding: remember the peak so far (seeding hashes passwords, which
 * can dominate memory), then reset VmHWM (`echo 5 > /proc/PID/clear_refs`,
 * Linux >= 4.0) so the reported peak is the one under the benchmark load.
 */
export const resetPeakRss = (server) => {
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
export const assertAlive = (server, when) => {
  const info = server.exitInfo
  if (info === undefined) return
  throw new BenchError(
    `${server.def.label} exited unexpectedly ${when} (code ${info.code}, signal ${info.signal}); ` +
      `was it killed from outside?\n--- ${server.logFile} (tail) ---\n${tail(server.logFile)}`
  )
}

/** Reads the peak RSS, then SIGTERM and waits for exit (SIGKILL after STOP_TIMEOUT_MS). */
export const stopServer = async (server) => {
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
