/**
 * One Redis connection (ioredis) for every adapter that keeps shared state in
 * Redis: opened when the layer is built, refused at start-up if the server
 * does not answer, closed with QUIT when the scope closes. Every key an
 * adapter writes starts with the connection's `keyPrefix`, so several
 * deployments (or test runs) can share one server; adapters add their own
 * part after it (`holonet:rl:` for the rate limiter).
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import type { Scope } from "effect"
import { Redis as IoRedis } from "ioredis"
import { createHash } from "node:crypto"

export interface RedisOptions {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://` for TLS; kept redacted, never logged. */
  readonly url: Redacted.Redacted
  /** Put before every key; `holonet:` when absent. */
  readonly keyPrefix?: string | undefined
  /** A command without an answer after this long fails with RedisError; 1000 when absent. */
  readonly commandTimeoutMs?: number | undefined
  /** How long opening the connection may take at start-up; 5000 when absent. */
  readonly connectTimeoutMs?: number | undefined
}

/** The server did not answer at start-up (the message names the cause, never the URL). */
export class RedisConnectError extends Schema.TaggedError<RedisConnectError>()("RedisConnectError", {
  message: Schema.String
}) {}

/** A command failed: the server is unreachable, too slow, or refused it. */
export class RedisError extends Schema.TaggedError<RedisError>()("RedisError", {
  message: Schema.String
}) {}

export class RedisConnection extends Context.Tag("@holonet/redis-adapter/RedisConnection")<RedisConnection, {
  readonly keyPrefix: string
  /** The shared client itself, for a library that takes an ioredis client (it fails fast while disconnected). */
  readonly client: IoRedis
  /** Runs commands on the shared client; a rejection becomes a RedisError. */
  readonly use: <A>(f: (client: IoRedis) => Promise<A>) => Effect.Effect<A, RedisError>
}>() {}

const messageOf = (cause: unknown): string => cause instanceof Error ? cause.message : String(cause)

/**
 * The connection, failing fast while it is down instead of queueing: no
 * offline queue (a command sent while reconnecting fails at once) and no
 * retry of a command in flight when the connection drops (it may have run,
 * and a caller such as the rate limiter must not count a hit twice). The
 * client reconnects on its own in the background (ioredis' backoff, up to
 * 2 s between attempts); losing and regaining the connection is logged
 * once each, not at every attempt.
 */
export const make = (
  options: RedisOptions
): Effect.Effect<Context.Tag.Service<RedisConnection>, RedisConnectError, Scope.Scope> =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<never>()
    const log = (effect: Effect.Effect<void>) => Runtime.runFork(runtime)(effect)
    const client = new IoRedis(Redacted.value(options.url), {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      connectTimeout: options.connectTimeoutMs ?? 5000
    })
    let started = false
    let healthy = true
    let lastError: string | undefined
    // Without an "error" listener ioredis writes every connection error to the console.
    client.on("error", (error: unknown) => {
      lastError = messageOf(error)
    })
    client.on("close", () => {
      if (!started || !healthy) return
      healthy = false
      log(Effect.logWarning("Redis connection lost; reconnecting in the background"))
    })
    client.on("ready", () => {
      if (!started || healthy) return
      healthy = true
      log(Effect.logInfo("Redis connection restored"))
    })
    const close = Effect.suspend(() => {
      started = false
      return Effect.tryPromise(() => client.quit())
    }).pipe(
      Effect.ignore,
      Effect.ensuring(Effect.sync(() => client.disconnect()))
    )
    yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => client.connect().then(() => client.ping()),
        catch: (cause) => {
          // connect() rejects with "Connection is closed."; the reason came as an "error" event.
          const reason = lastError === undefined ? messageOf(cause) : `${lastError} (${messageOf(cause)})`
          return new RedisConnectError({ message: `Redis did not answer at start-up: ${reason}` })
        }
      }).pipe(Effect.tapError(() => Effect.sync(() => client.disconnect()))),
      () => close
    )
    started = true
    return RedisConnection.of({
      keyPrefix: options.keyPrefix ?? "holonet:",
      client,
      use: (f) =>
        Effect.tryPromise({ try: () => f(client), catch: (cause) => new RedisError({ message: messageOf(cause) }) })
    })
  })

export const layer = (options: RedisOptions): Layer.Layer<RedisConnection, RedisConnectError> =>
  Layer.scoped(RedisConnection, make(options))

/** A Lua script, run by its SHA-1 once the server has it (one round trip per call). */
export interface Script {
  readonly lua: string
  readonly sha: string
}

export const script = (lua: string): Script => ({ lua, sha: createHash("sha1").update(lua).digest("hex") })

/**
 * Runs `script` with EVALSHA, and with EVAL when the server does not know it
 * yet (first call, or after a restart flushed its script cache); EVAL caches
 * it for the next calls. This is what ioredis' `defineCommand` does, without
 * a method added to the client that TypeScript cannot see.
 */
export const evalScript = (
  connection: Context.Tag.Service<RedisConnection>,
  script: Script,
  keys: ReadonlyArray<string>,
  args: ReadonlyArray<string>
): Effect.Effect<unknown, RedisError> =>
  connection.use((client) => client.evalsha(script.sha, keys.length, ...keys, ...args)).pipe(
    Effect.catchIf(
      (error) => error.message.startsWith("NOSCRIPT"),
      () => connection.use((client) => client.eval(script.lua, keys.length, ...keys, ...args))
    )
  )
