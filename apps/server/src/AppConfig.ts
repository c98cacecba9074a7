/**
 * Configuration from the environment (and an optional .env file), with the
 * original service's variable names plus a few of our own. A bad value stops
 * start-up with a message that names the variable.
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Either from "effect/Either"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { type Database, defaultDatabaseUrl, parseDatabaseUrl } from "./DatabaseUrl.js"
import { rateLimitsConfig } from "./RateLimitConfig.js"

const database: Config.Config<Database> = Config.string("DATABASE_URL").pipe(
  Config.withDefault(defaultDatabaseUrl),
  Config.mapOrFail((url) =>
    Either.mapLeft(parseDatabaseUrl(url), (message) => ConfigError.InvalidData(["DATABASE_URL"], message))
  )
)

/**
 * Optional: with it, shared counters move from the database to Redis. Only
 * the scheme is checked here; a server that does not answer stops start-up.
 */
const redisUrl = Config.option(
  Config.redacted("REDIS_URL").pipe(
    Config.mapOrFail((url) =>
      /^rediss?:\/\//i.test(Redacted.value(url))
        ? Either.right(url)
        : Either.left(ConfigError.InvalidData(["REDIS_URL"], "Expected a redis:// or rediss:// URL"))
    )
  )
)

/**
 * CORS origins, comma-separated (`http://a.example,http://b.example`) or as
 * the original service's .env files write them, a JSON list
 * (`["http://localhost:3000"]`), which would otherwise be read as one
 * literal origin that never matches.
 */
export const parseOrigins = (value: string): Either.Either<ReadonlyArray<string>, string> => {
  const text = value.trim()
  if (!text.startsWith("[")) {
    return Either.right(text.split(",").map((origin) => origin.trim()).filter((origin) => origin.length > 0))
  }
  const list: unknown = Either.getOrUndefined(Either.try(() => JSON.parse(text)))
  return Array.isArray(list) && list.every((origin) => typeof origin === "string")
    ? Either.right(list.map((origin) => origin.trim()).filter((origin) => origin.length > 0))
    : Either.left("Expected origins separated by commas, or a JSON list of strings such as [\"http://localhost:3000\"]")
}

const allowedOrigins = Config.string("ALLOWED_ORIGINS").pipe(
  Config.withDefault("http://localhost:3000"),
  Config.mapOrFail((value) =>
    Either.mapLeft(parseOrigins(value), (message) => ConfigError.InvalidData(["ALLOWED_ORIGINS"], message))
  )
)

const positiveInt = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: "Expected a positive integer", validation: (n) => n > 0 }),
    Config.withDefault(fallback)
  )

const integerFrom = (name: string, min: number, max: number, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({
      message: max === Number.MAX_SAFE_INTEGER
        ? `Expected an integer of at least ${min}`
        : `Expected an integer from ${min} to ${max}`,
      validation: (n) => n >= min && n <= max
    }),
    Config.withDefault(fallback)
  )

const scryptCost = Config.integer("SCRYPT_COST").pipe(
  Config.validate({
    message: "Expected a power of two of at least 1024",
    validation: (n) => n >= 1024 && (n & (n - 1)) === 0
  }),
  Config.withDefault(2 ** 13)
)

// OWASP's scrypt settings trade memory for passes: N=2^13 with p=10 is as
// strong as N=2^17 with p=1 but needs 8 MiB per hash instead of 128 MiB.
const scryptParallelization = Config.integer("SCRYPT_PARALLELIZATION").pipe(
  Config.validate({ message: "Expected an integer from 1 to 64", validation: (n) => n >= 1 && n <= 64 }),
  Config.withDefault(10)
)

const logLevelAliases: Record<string, string> = { WARNING: "WARN", NONE: "OFF" }

/** A log level by name, in any case: all, trace, debug, info, warn(ing), error, fatal, none/off. */
const logLevel = Config.string("LOG_LEVEL").pipe(
  Config.withDefault("INFO"),
  Config.mapOrFail((raw) => {
    const name = raw.trim().toUpperCase()
    const level = LogLevel.allLevels.find((l) => l.label === (logLevelAliases[name] ?? name))
    return level === undefined
      ? Either.left(
        ConfigError.InvalidData(
          ["LOG_LEVEL"],
          `Expected one of all, trace, debug, info, warn, error, fatal, none; got '${raw}'`
        )
      )
      : Either.right(level)
  })
)

export type LogFormat = "pretty" | "json" | "logfmt"

const logFormats: ReadonlyArray<LogFormat> = ["pretty", "json", "logfmt"]

/**
 * How log lines are written: `pretty` for a person at a terminal, `json` (one
 * object per line) or `logfmt` for a log collector. Unset, it is `pretty` when
 * stdout is a terminal and `json` otherwise, so that a container or a pipe
 * gets lines a machine can parse.
 */
export const logFormatConfig = (stdoutIsTty: () => boolean): Config.Config<LogFormat> =>
  Config.option(Config.string("LOG_FORMAT")).pipe(
    Config.mapOrFail(Option.match({
      onNone: () => Either.right(stdoutIsTty() ? "pretty" : "json"),
      onSome: (raw) => {
        const format = logFormats.find((f) => f === raw.trim().toLowerCase())
        return format === undefined
          ? Either.left(ConfigError.InvalidData(["LOG_FORMAT"], `Expected one of pretty, json, logfmt; got '${raw}'`))
          : Either.right(format)
      }
    }))
  )

// 0 asks the OS for any free port (the address is logged at start-up).
const port = Config.integer("PORT").pipe(
  Config.validate({ message: "Expected a port number from 0 to 65535", validation: (n) => n >= 0 && n <= 65535 }),
  Config.withDefault(8000)
)

/** An http(s) URL without query or fragment; the trailing slash is dropped so that paths can be appended. */
export const parsePublicUrl = (value: string): Either.Either<string, string> => {
  const text = value.trim()
  const url = Either.getOrUndefined(Either.try(() => new URL(text)))
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return Either.left(`Expected an http:// or https:// URL such as https://holonet.example; got '${value}'`)
  }
  if (url.search !== "" || url.hash !== "") {
    return Either.left(`Expected a URL without query or fragment; got '${value}'`)
  }
  return Either.right(`${url.origin}${url.pathname}`.replace(/\/+$/, ""))
}

/**
 * The base URL clients reach the server at, as /skill.md and /llms.txt write
 * it (behind a proxy it differs from HOST and PORT); default `http://localhost:<PORT>`.
 */
const publicUrl = Config.all([Config.option(Config.string("PUBLIC_URL")), port]).pipe(
  Config.mapOrFail(([configured, portNumber]) =>
    Option.match(configured, {
      onNone: () => Either.right(`http://localhost:${portNumber}`),
      onSome: (value) =>
        Either.mapLeft(parsePublicUrl(value), (message) => ConfigError.InvalidData(["PUBLIC_URL"], message))
    })
  )
)

export const AppConfig = Config.all({
  port,
  publicUrl,
  host: Config.string("HOST").pipe(Config.withDefault("0.0.0.0")),
  production: Config.string("NODE_ENV").pipe(Config.withDefault("development"), Config.map((e) => e === "production")),
  database,
  // PostgreSQL only: the pool's size, and how long one statement may run
  // before the server cancels it (0: no limit).
  databasePoolSize: integerFrom("DATABASE_POOL_SIZE", 1, 100, 10),
  databaseStatementTimeoutMs: integerFrom("DATABASE_STATEMENT_TIMEOUT_MS", 0, Number.MAX_SAFE_INTEGER, 30_000),
  secretKey: Config.option(Config.redacted("SECRET_KEY")),
  accessTokenExpireMinutes: positiveInt("ACCESS_TOKEN_EXPIRE_MINUTES", 30),
  allowedOrigins,
  maxBodyBytes: positiveInt("MAX_BODY_BYTES", 1024 * 1024),
  scryptCost,
  scryptParallelization,
  accessLog: Config.boolean("ACCESS_LOG").pipe(Config.withDefault(true)),
  logLevel,
  logFormat: logFormatConfig(() => process.stdout.isTTY === true),
  // RATE_LIMITS, RATE_LIMIT_<CLASS>[_NEW] and the old AGENT_REGISTRATIONS_PER_HOUR.
  rateLimits: rateLimitsConfig,
  maxAgentsPerOwner: positiveInt("AGENTS_PER_OWNER", 25),
  redisUrl,
  // Before every Redis key, so that several deployments can share a server.
  redisKeyPrefix: Config.string("REDIS_KEY_PREFIX").pipe(Config.withDefault("holonet:")),
  // Behind a reverse proxy the socket address is the proxy's; only then is
  // X-Forwarded-For believed.
  trustProxy: Config.boolean("TRUST_PROXY").pipe(Config.withDefault(false)),
  shutdownTimeoutSeconds: positiveInt("SHUTDOWN_TIMEOUT_SECONDS", 10),
  // Hosted agents with a schedule act on their own while the server runs,
  // at most this many at once.
  agentScheduler: Config.boolean("AGENT_SCHEDULER").pipe(Config.withDefault(true)),
  agentSchedulerConcurrency: positiveInt("AGENT_SCHEDULER_CONCURRENCY", 2),
  // How often each process looks for due agents; the leases in the database
  // keep a short tick from running an agent more than once per period.
  agentSchedulerTickSeconds: integerFrom("AGENT_SCHEDULER_TICK_SECONDS", 1, 3600, 30),
  // New events wake the notification worker at once; the poll is the safety
  // net for events left by a crash.
  notificationPollSeconds: positiveInt("NOTIFICATION_POLL_SECONDS", 5),
  // Server processes sharing the port (node:cluster); 1 runs no cluster at all.
  workers: integerFrom("WORKERS", 1, 64, 1)
})
export type AppConfig = Config.Config.Success<typeof AppConfig>
