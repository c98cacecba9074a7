import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, LogLevel, Option, Redacted } from "effect"
import { AppConfig, logFormatConfig } from "../src/AppConfig.js"
import { RateLimitPolicy } from "@holonet/domain"

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

const load = (env: Record<string, string>) => AppConfig.pipe(withEnv(env))

describe("AppConfig", () => {
  it.effect("defaults: port 8000, SQLite file under ./data, 1 MiB bodies", () =>
    Effect.gen(function*() {
      const config = yield* load({})
      expect(config.port).toBe(8000)
      expect(config.database).toEqual({ _tag: "SqliteFile", filename: "./data/holonet.db" })
      expect(config.maxBodyBytes).toBe(1024 * 1024)
      expect(config.production).toBe(false)
      expect(Option.isNone(config.secretKey)).toBe(true)
      expect(config.rateLimits).toEqual(RateLimitPolicy.defaultSettings)
      expect(config.maxAgentsPerOwner).toBe(25)
      expect(config.trustProxy).toBe(false)
      expect(config.agentScheduler).toBe(true)
      expect(config.agentSchedulerConcurrency).toBe(2)
      expect(config.agentSchedulerTickSeconds).toBe(30)
      expect((yield* load({ AGENT_SCHEDULER_TICK_SECONDS: "1" })).agentSchedulerTickSeconds).toBe(1)
      expect(config.notificationPollSeconds).toBe(5)
      const off = yield* load({ AGENT_SCHEDULER: "false", AGENT_SCHEDULER_CONCURRENCY: "5" })
      expect([off.agentScheduler, off.agentSchedulerConcurrency]).toEqual([false, 5])
      expect(config.logLevel).toBe(LogLevel.Info)
      expect((yield* load({ LOG_LEVEL: "warning" })).logLevel).toBe(LogLevel.Warning)
      expect((yield* load({ LOG_LEVEL: "Debug" })).logLevel).toBe(LogLevel.Debug)
    }))

  it.effect("reads the original variable names", () =>
    Effect.gen(function*() {
      const config = yield* load({
        PORT: "9001",
        DATABASE_URL: "sqlite+aiosqlite:///./app.db",
        SECRET_KEY: "k".repeat(40),
        ACCESS_TOKEN_EXPIRE_MINUTES: "15",
        ALLOWED_ORIGINS: "http://a.example,http://b.example",
        NODE_ENV: "production"
      })
      expect(config.port).toBe(9001)
      expect(config.database).toEqual({ _tag: "SqliteFile", filename: "./app.db" })
      expect(Option.map(config.secretKey, Redacted.value)).toEqual(Option.some("k".repeat(40)))
      expect(config.accessTokenExpireMinutes).toBe(15)
      expect(config.allowedOrigins).toEqual(["http://a.example", "http://b.example"])
      expect(config.production).toBe(true)
    }))

  it.effect("PUBLIC_URL: default http://localhost:<PORT>; an http(s) URL without its trailing slash", () =>
    Effect.gen(function*() {
      expect((yield* load({})).publicUrl).toBe("http://localhost:8000")
      expect((yield* load({ PORT: "9001" })).publicUrl).toBe("http://localhost:9001")
      expect((yield* load({ PUBLIC_URL: "https://holonet.example/" })).publicUrl).toBe("https://holonet.example")
      expect((yield* load({ PUBLIC_URL: " https://holonet.example/social/ " })).publicUrl).toBe(
        "https://holonet.example/social"
      )
      expect((yield* load({ PUBLIC_URL: "http://10.0.0.5:8080" })).publicUrl).toBe("http://10.0.0.5:8080")
    }))

  it.effect("ALLOWED_ORIGINS: comma-separated, or a JSON list as the original .env files write it", () =>
    Effect.gen(function*() {
      const origins = (value: string) => Effect.map(load({ ALLOWED_ORIGINS: value }), (config) => config.allowedOrigins)
      expect(yield* origins("http://a.example, http://b.example,")).toEqual(["http://a.example", "http://b.example"])
      expect(yield* origins("[\"http://localhost:3000\"]")).toEqual(["http://localhost:3000"])
      expect(yield* origins(" [\"http://a.example\", \"http://b.example\"] ")).toEqual([
        "http://a.example",
        "http://b.example"
      ])
      expect(yield* origins("*")).toEqual(["*"])
      expect((yield* load({})).allowedOrigins).toEqual(["http://localhost:3000"])
      const broken = yield* Effect.flip(load({ ALLOWED_ORIGINS: "[\"http://a.example\"" }))
      expect(String(broken)).toContain("ALLOWED_ORIGINS")
      expect(String(yield* Effect.flip(load({ ALLOWED_ORIGINS: "[1, 2]" })))).toContain("JSON list of strings")
    }))

  it.effect("PostgreSQL: the URL stays redacted, the pool is 10 and statements time out after 30 s unless set", () =>
    Effect.gen(function*() {
      const url = "postgresql://holonet:s3cret-pw@db.example:5432/holonet?sslmode=verify-full"
      const config = yield* load({ DATABASE_URL: url })
      if (config.database._tag !== "Postgres") return expect.unreachable()
      expect(Redacted.value(config.database.url)).toBe(url)
      expect(JSON.stringify(config)).not.toContain("s3cret-pw")
      expect([config.databasePoolSize, config.databaseStatementTimeoutMs]).toEqual([10, 30_000])
      const tuned = yield* load({ DATABASE_URL: url, DATABASE_POOL_SIZE: "100", DATABASE_STATEMENT_TIMEOUT_MS: "0" })
      expect([tuned.databasePoolSize, tuned.databaseStatementTimeoutMs]).toEqual([100, 0])
      // A refused URL's message names the variable but not the password.
      const refused = String(yield* Effect.flip(load({ DATABASE_URL: "postgres://holonet:s3cret-pw@db.example" })))
      expect(refused).toContain("DATABASE_URL")
      expect(refused).not.toContain("s3cret-pw")
    }))

  it.effect("LOG_FORMAT: pretty, json or logfmt in any case; unset, pretty on a terminal and json otherwise", () =>
    Effect.gen(function*() {
      for (
        const [raw, format] of [["pretty", "pretty"], ["JSON", "json"], [" logfmt ", "logfmt"], [
          "LogFmt",
          "logfmt"
        ]] as const
      ) {
        expect((yield* load({ LOG_FORMAT: raw })).logFormat).toBe(format)
        // An explicit choice wins over the terminal check.
        expect(yield* logFormatConfig(() => true).pipe(withEnv({ LOG_FORMAT: raw }))).toBe(format)
      }
      expect(yield* logFormatConfig(() => true).pipe(withEnv({}))).toBe("pretty")
      expect(yield* logFormatConfig(() => false).pipe(withEnv({}))).toBe("json")
      expect((yield* load({})).logFormat).toBe(process.stdout.isTTY === true ? "pretty" : "json")
    }))

  const badValues: ReadonlyArray<readonly [string, string]> = [
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://localhost/holonet"],
    ["DATABASE_URL", "postgres://localhost"],
    ["DATABASE_POOL_SIZE", "0"],
    ["DATABASE_POOL_SIZE", "101"],
    ["DATABASE_POOL_SIZE", "ten"],
    ["DATABASE_STATEMENT_TIMEOUT_MS", "-1"],
    ["DATABASE_STATEMENT_TIMEOUT_MS", "2.5"],
    ["MAX_BODY_BYTES", "-1"],
    ["ACCESS_TOKEN_EXPIRE_MINUTES", "0"],
    ["SCRYPT_COST", "1000"],
    ["SCRYPT_PARALLELIZATION", "0"],
    ["AGENT_REGISTRATIONS_PER_HOUR", "0"],
    ["AGENTS_PER_OWNER", "many"],
    ["TRUST_PROXY", "maybe"],
    ["LOG_LEVEL", "Loud"],
    ["PUBLIC_URL", "ftp://holonet.example"],
    ["PUBLIC_URL", "holonet.example"],
    ["PUBLIC_URL", "https://holonet.example/?x=1"],
    ["LOG_FORMAT", "xml"],
    ["LOG_FORMAT", ""],
    ["AGENT_SCHEDULER", "sometimes"],
    ["AGENT_SCHEDULER_CONCURRENCY", "0"],
    ["AGENT_SCHEDULER_CONCURRENCY", "1.5"],
    ["AGENT_SCHEDULER_TICK_SECONDS", "0"],
    ["AGENT_SCHEDULER_TICK_SECONDS", "3601"],
    ["AGENT_SCHEDULER_TICK_SECONDS", "2.5"],
    ["NOTIFICATION_POLL_SECONDS", "0"],
    ["RATE_LIMITS", "maybe"],
    ["RATE_LIMIT_POST", "10/w"],
    ["RATE_LIMIT_READ", "0/m"],
    ["RATE_LIMIT_VOTE_NEW", "many"]
  ]
  it.effect("rate limits: RATE_LIMITS=off, RATE_LIMIT_<CLASS>[_NEW], and the old AGENT_REGISTRATIONS_PER_HOUR", () =>
    Effect.gen(function*() {
      expect((yield* load({ RATE_LIMITS: "off" })).rateLimits.enabled).toBe(false)
      const config = (yield* load({
        RATE_LIMIT_POST: "10/h",
        RATE_LIMIT_POST_NEW: "2/30m",
        RATE_LIMIT_LOGIN_FAILURE: "5/15m",
        AGENT_REGISTRATIONS_PER_HOUR: "7"
      })).rateLimits
      expect(config.enabled).toBe(true)
      expect(config.rates.POST).toEqual(RateLimitPolicy.rate(10, "1 hour"))
      expect(config.probationRates.POST).toEqual(RateLimitPolicy.rate(2, "30 minutes"))
      expect(config.probationRates.VOTE).toEqual(RateLimitPolicy.defaultProbationRates.VOTE)
      expect(config.rates.LOGIN_FAILURE).toEqual(RateLimitPolicy.rate(5, "15 minutes"))
      expect(config.rates.REGISTER).toEqual(RateLimitPolicy.rate(7, "1 hour"))
      expect(config.rates.READ).toEqual(RateLimitPolicy.defaultRates.READ)
      // The new name wins over the old one.
      const both = yield* load({ AGENT_REGISTRATIONS_PER_HOUR: "7", RATE_LIMIT_REGISTER: "3/d" })
      expect(both.rateLimits.rates.REGISTER).toEqual(RateLimitPolicy.rate(3, "1 day"))
    }))

  it.effect.each(badValues)(
    "a bad %s stops start-up with a message naming it",
    ([name, value]) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(load({ [name]: value }))
        expect(String(error)).toContain(name)
      })
  )
})
