/**
 * Real server processes for tests: `node` with the tsx loader on
 * src/main.ts. `spawn` starts one and leaves its life to the caller (the
 * lifecycle and cluster tests signal it themselves), with `waitFor` to await
 * a line of its output; `start` starts several in a scope that SIGKILLs and
 * awaits every one when it closes, so no process outlives its test, and
 * gives requests to any of them over node:http, one at a time or
 * round-robin as an HttpClient. `logEntries` reads a LOG_FORMAT=json output.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Data, Duration, Effect, Exit, Layer, Schema, type Scope } from "effect"
import { type ChildProcessWithoutNullStreams, spawn as spawnChild } from "node:child_process"
import { request as httpRequest } from "node:http"
import { join } from "node:path"
import { pathToFileURL } from "node:url"

export const repoRoot = join(import.meta.dirname, "..", "..", "..")

/** Variables the tests set themselves are never inherited from the caller's shell. */
const inherited = () => {
  const env = { ...process.env }
  for (const name of ["SECRET_KEY", "DATABASE_URL", "PORT", "HOST", "NODE_ENV", "WORKERS", "LOG_FORMAT"]) {
    delete env[name]
  }
  return env
}

// Absolute, so that the server can start in any working directory.
const tsxLoader = pathToFileURL(join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href
const mainModule = join(repoRoot, "apps", "server", "src", "main.ts")

export interface Spawned {
  readonly child: ChildProcessWithoutNullStreams
  /**
   * The port the server listens on: from the "Listening on" line, or with
   * WORKERS above 1 from the primary's "All N workers listening on" line
   * (every worker up). Rejects when the process exits first.
   */
  readonly port: Promise<number>
  /** The exit code (null after a signal). */
  readonly exited: Promise<number | null>
  /** Everything written to stdout and stderr so far. */
  readonly output: () => string
  /** The first match of `pattern` in the output; rejects after `timeoutMs` or when the process exits first. */
  readonly waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>
}

const listeningLine = (workers: number) =>
  new RegExp(`${workers > 1 ? `All ${workers} workers listening` : "Listening"} on http://[^\\s:]+:(\\d+)`)

/**
 * One server process on 127.0.0.1 without an access log, in `cwd` (the
 * repository by default); `env` adds to and overrides that.
 */
export const spawn = (env: Record<string, string>, cwd = repoRoot): Spawned => {
  const child = spawnChild(
    process.execPath,
    ["--import", tsxLoader, "--conditions=@holonet/source", mainModule],
    { cwd, env: { ...inherited(), HOST: "127.0.0.1", ACCESS_LOG: "false", RATE_LIMITS: "off", ...env } }
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
      const settle = (outcome: () => void) => {
        clearTimeout(timer)
        waiters.delete(check)
        child.off("exit", onExit)
        outcome()
      }
      const onExit = () => settle(() => reject(new Error(`exited before ${pattern}:\n${output}`)))
      const timer = setTimeout(
        () => settle(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms in:\n${output}`))),
        timeoutMs
      )
      const check = () => {
        const match = pattern.exec(output)
        if (match !== null) settle(() => resolve(match))
      }
      waiters.add(check)
      child.on("exit", onExit)
      check()
    })
  const port = waitFor(listeningLine(Number(env["WORKERS"] ?? "1"))).then((match) => Number(match[1]))
  // A test that expects the process to fail at start-up need not await it.
  port.catch(() => undefined)
  return { child, port, exited, output: () => output, waitFor }
}

/** SIGKILL, unless the process has already exited. */
export const stop = (child: ChildProcessWithoutNullStreams) => {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
}

/** A request that got no answer: refused, reset, or the process died mid-way. */
export class ConnectionFailed extends Data.TaggedError("ConnectionFailed")<{ readonly message: string }> {}

export interface Answer {
  readonly status: number
  readonly text: string
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly body: unknown
}

const parse = (text: string): unknown => {
  try {
    return text.length === 0 ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

/** One request over node:http, on a connection of its own (a killed server fails it at once). */
export const request = (
  port: number,
  method: string,
  path: string,
  options: { readonly body?: unknown; readonly token?: string } = {}
): Effect.Effect<Answer, ConnectionFailed> =>
  Effect.async<Answer, ConnectionFailed>((resume) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
    const headers: Record<string, string | number> = { connection: "close" }
    if (payload !== undefined) {
      headers["content-type"] = "application/json"
      headers["content-length"] = Buffer.byteLength(payload)
    }
    if (options.token !== undefined) headers["authorization"] = `Bearer ${options.token}`
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      let text = ""
      res.on("data", (chunk: Buffer) => (text += chunk.toString()))
      res.on("error", (e) => resume(Effect.fail(new ConnectionFailed({ message: e.message }))))
      res.on("end", () => resume(Effect.succeed({ status: res.statusCode ?? 0, text, body: parse(text) })))
    })
    req.on("error", (e) => resume(Effect.fail(new ConnectionFailed({ message: e.message }))))
    req.end(payload)
  })

const AccessToken = Schema.Struct({ access_token: Schema.String })

/**
 * Registers `username` (password "correct-horse") through port `register`
 * and logs in through port `login`: the registration's status and the token.
 */
export const signUp = (ports: { readonly register: number; readonly login: number }, username: string) =>
  Effect.gen(function*() {
    const credentials = { username, password: "correct-horse" }
    const registered = yield* request(ports.register, "POST", "/api/users", { body: credentials })
    const login = yield* request(ports.login, "POST", "/api/auth/login", { body: credentials })
    const token = yield* Schema.decodeUnknown(AccessToken)(login.body).pipe(Effect.orDie)
    return { registered: registered.status, token: token.access_token }
  })

export interface ServerProcess {
  readonly index: number
  readonly port: number
  readonly base: string
  readonly spawned: Spawned
}

export interface Processes {
  readonly servers: ReadonlyArray<ServerProcess>
  /** Each process's output under a header naming it, for failure messages. */
  readonly output: () => string
  /** Sends `signal` to process `index` and waits for it to exit. */
  readonly kill: (index: number, signal: NodeJS.Signals) => Effect.Effect<number | null>
  /** A request to process `index`. */
  readonly request: (
    index: number,
    method: string,
    path: string,
    options?: { readonly body?: unknown; readonly token?: string }
  ) => Effect.Effect<Answer, ConnectionFailed>
  /** An HttpClient sending each request to the next process in turn (relative URLs). */
  readonly roundRobin: Layer.Layer<HttpClient.HttpClient>
}

const startupTimeout = Duration.seconds(40)

/**
 * `count` processes with `env` (on top of PORT=0 and a cheap password hash),
 * started together and all listening. When the scope closes each is killed
 * and awaited; when it closes with a failure their output is logged.
 */
export const start = (count: number, env: Record<string, string>): Effect.Effect<Processes, Error, Scope.Scope> =>
  Effect.gen(function*() {
    const spawned = yield* Effect.forEach(
      Array.from({ length: count }, (_, i) => i),
      () =>
        Effect.acquireRelease(
          Effect.sync(() => spawn({ PORT: "0", SCRYPT_COST: "1024", ...env })),
          (server) =>
            Effect.promise(() => {
              stop(server.child)
              return server.exited
            })
        )
    )
    const output = () => spawned.map((s, i) => `--- server ${i} ---\n${s.output()}`).join("\n")
    yield* Effect.addFinalizer((exit) =>
      Exit.isFailure(exit) ? Effect.logError(`server output:\n${output()}`) : Effect.void
    )
    const ports = yield* Effect.tryPromise({
      try: () => Promise.all(spawned.map((s) => s.port)),
      catch: (e) => new Error(`a server did not start: ${String(e)}`)
    }).pipe(
      Effect.timeoutFail({
        duration: startupTimeout,
        onTimeout: () => new Error(`servers not listening after 40 s:\n${output()}`)
      })
    )
    const servers = spawned.map((server, index) => {
      const port = ports[index] ?? 0
      return { index, port, base: `http://127.0.0.1:${port}`, spawned: server }
    })
    const portOf = (index: number) => servers[index]?.port ?? 0
    let next = 0
    const roundRobin = Layer.effect(
      HttpClient.HttpClient,
      Effect.map(
        HttpClient.HttpClient,
        HttpClient.mapRequest((req) => HttpClientRequest.prependUrl(req, servers[next++ % count]?.base ?? ""))
      )
    ).pipe(Layer.provide(NodeHttpClient.layer))
    return {
      servers,
      output,
      kill: (index, signal) =>
        Effect.promise(() => {
          const target = spawned[index]
          if (target === undefined) return Promise.resolve(null)
          target.child.kill(signal)
          return target.exited
        }),
      request: (index, method, path, options) => request(portOf(index), method, path, options),
      roundRobin
    } satisfies Processes
  })

const LogEntry = Schema.Struct({
  message: Schema.Unknown,
  logLevel: Schema.String,
  annotations: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
export type LogEntry = Schema.Schema.Type<typeof LogEntry>

/** One line of a LOG_FORMAT=json output. */
export const LogLine = Schema.parseJson(LogEntry)

/** The output's JSON log lines (LOG_FORMAT=json); anything else is skipped. */
export const logEntries = (output: string): ReadonlyArray<LogEntry> =>
  output.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return []
    try {
      return [Schema.decodeUnknownSync(LogLine)(line)]
    } catch {
      return []
    }
  })
