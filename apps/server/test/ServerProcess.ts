/**
 * Test helpers for whole server processes (src/main.ts through the tsx
 * loader, as Lifecycle.test.ts starts them): start one, wait for a line of
 * its output, read its JSON log, and send a request on a connection of its
 * own (so that a cluster spreads consecutive requests over its workers).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { request } from "node:http"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { Schema } from "effect"

const repoRoot = join(import.meta.dirname, "..", "..", "..")
const tsxLoader = pathToFileURL(join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href
const mainModule = join(repoRoot, "apps", "server", "src", "main.ts")

/** Variables the tests set themselves are never inherited from the caller's shell. */
const inherited = () => {
  const env = { ...process.env }
  for (const name of ["SECRET_KEY", "DATABASE_URL", "PORT", "HOST", "NODE_ENV", "WORKERS", "LOG_FORMAT"]) {
    delete env[name]
  }
  return env
}

export interface ServerProcess {
  readonly child: ChildProcess
  readonly exited: Promise<number | null>
  readonly output: () => string
  /** The first match of `pattern` in the output, waiting for it up to `timeoutMs`. */
  readonly waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>
}

export const startServer = (env: Record<string, string>): ServerProcess => {
  const child = spawn(
    process.execPath,
    ["--import", tsxLoader, "--conditions=@holonet/source", mainModule],
    { cwd: repoRoot, env: { ...inherited(), HOST: "127.0.0.1", LOG_FORMAT: "json", ...env } }
  )
  let output = ""
  const waiters = new Set<() => void>()
  const onData = (data: Buffer) => {
    output += data.toString()
    for (const check of waiters) check()
  }
  child.stdout.on("data", onData)
  child.stderr.on("data", onData)
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`no ${pattern} within ${timeoutMs} ms in:\n${output}`))
      }, timeoutMs)
      const check = () => {
        const match = pattern.exec(output)
        if (match === null) return
        clearTimeout(timer)
        waiters.delete(check)
        resolve(match)
      }
      waiters.add(check)
      check()
    })
  return { child, exited, output: () => output, waitFor }
}

/** SIGKILL, unless it has exited already. */
export const stop = (server: ServerProcess) => {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL")
}

const LogEntry = Schema.parseJson(Schema.Struct({
  message: Schema.Unknown,
  annotations: Schema.Record({ key: Schema.String, value: Schema.Unknown })
}))
export type LogEntry = Schema.Schema.Type<typeof LogEntry>

/** The output's JSON log lines (LOG_FORMAT=json); anything else is skipped. */
export const logEntries = (output: string): ReadonlyArray<LogEntry> =>
  output.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return []
    try {
      return [Schema.decodeUnknownSync(LogEntry)(line)]
    } catch {
      return []
    }
  })

export interface Answer {
  readonly status: number
  readonly body: unknown
}

/** One request on a new connection, closed afterwards. */
export const call = (port: number, method: string, path: string, options: {
  readonly token?: string
  readonly json?: unknown
} = {}) =>
  new Promise<Answer>((resolve, reject) => {
    const body = options.json === undefined ? undefined : JSON.stringify(options.json)
    const req = request({
      host: "127.0.0.1",
      port,
      method,
      path,
      agent: false,
      headers: {
        connection: "close",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` })
      }
    }, (res) => {
      let text = ""
      res.on("data", (chunk: Buffer) => (text += chunk.toString()))
      res.on(
        "end",
        () => resolve({ status: res.statusCode ?? 0, body: text.length > 0 ? JSON.parse(text) : undefined })
      )
    })
    req.on("error", reject)
    req.end(body)
  })

/** Polls `check` until it holds, or fails after `timeoutMs`. */
export const eventually = async (check: () => boolean | Promise<boolean>, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time")
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
