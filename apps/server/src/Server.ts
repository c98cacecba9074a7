/**
 * The one place where adapters are chosen and wired: configuration → store,
 * credentials, use cases, HTTP server.
 */
import * as PlatformConfigProvider from "@effect/platform/PlatformConfigProvider"
import * as NodeContext from "@effect/platform-node/NodeContext"
import {
  AgentLimits,
  RateLimitSettings,
  IdGeneratorUuidV7,
  LanguageModelUnconfigured,
  NotificationWorker,
  runSchedules,
  UseCases,
  WebhookWorker
} from "@holonet/domain"
import { aiCallConfig, aiProviderConfig, OpenAiLanguageModel } from "@holonet/ai-adapter"
import {
  ApiKeysNode,
  IdempotencyCryptoNode,
  PasswordHasherScrypt,
  SecretSealerNode,
  TokenIssuerJwt
} from "@holonet/crypto-adapter"
import { RestApi } from "@holonet/http-adapter"
import { IdempotencyStoreRedis, RateLimiterRedis, Redis } from "@holonet/redis-adapter"
import { Pg, ReadinessSql, RepositoriesSql, Sqlite } from "@holonet/sql-adapter"
import { WebPages } from "@holonet/web-adapter"
import { WebhookTransportNode } from "@holonet/webhook-adapter"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { AppConfig, type LogFormat } from "./AppConfig.js"
import type { Database } from "./DatabaseUrl.js"
import * as HttpServerNode from "./HttpServerNode.js"
import * as LogLines from "./LogLines.js"
import { resolveSecretKey } from "./SecretKey.js"

export const dataDirOf = (database: Database) => database._tag === "SqliteFile" ? dirname(database.filename) : "./data"

export const layerDatabase = (config: AppConfig) => {
  const database = config.database
  if (database._tag === "Postgres") {
    return Pg.layer({
      url: database.url,
      maxConnections: config.databasePoolSize,
      // 0 means no limit, which is also PostgreSQL's own default.
      statementTimeoutMs: config.databaseStatementTimeoutMs === 0 ? undefined : config.databaseStatementTimeoutMs
    })
  }
  if (database._tag === "SqliteMemory") return Sqlite.layer(":memory:")
  return Layer.unwrapEffect(
    Effect.sync(() => {
      mkdirSync(dirname(database.filename), { recursive: true })
      return Sqlite.layer(database.filename)
    })
  )
}

/**
 * The repositories, whose RateLimiter and IdempotencyStore keep their rows in
 * the database, unless REDIS_URL is set: then the Redis ones are merged over them and win
 * (the later layer's service replaces the earlier's).
 */
const layerStore = (config: AppConfig) => {
  const repositories = Layer.mergeAll(RepositoriesSql.layer, ReadinessSql.layer).pipe(
    Layer.provide(layerDatabase(config))
  )
  return Option.match(config.redisUrl, {
    onNone: () => repositories,
    onSome: (url) =>
      Layer.merge(
        repositories,
        Layer.merge(RateLimiterRedis.layer, IdempotencyStoreRedis.layer).pipe(
          Layer.provide(Redis.layer({ url, keyPrefix: config.redisKeyPrefix }))
        )
      )
  })
}

/**
 * The language model: Azure OpenAI or an OpenAI-compatible server when one is
 * configured; otherwise every AI call fails with AiNotConfigured (503) and
 * the rest of the platform works as usual.
 */
const layerLanguageModel = Layer.unwrapEffect(
  Effect.gen(function*() {
    const provider = yield* aiProviderConfig
    if (provider._tag === "None") {
      yield* Effect.logInfo("No AI provider configured (AZURE_OPENAI_ENDPOINT or OPENAI_BASE_URL): AI features are off")
      return LanguageModelUnconfigured.layer
    }
    return OpenAiLanguageModel.layer(provider.value, yield* aiCallConfig)
  })
)

/**
 * The agent scheduler, forked in the layer's scope: closing the scope (server
 * shutdown) interrupts it and any heartbeat in flight, whose lease is handed
 * back for another process. Without an AI provider every heartbeat fails
 * with AiNotConfigured and backs off to `maxBackoff`.
 */
const layerAgentScheduler = (concurrency: number, tickSeconds: number) =>
  Layer.scopedDiscard(
    Effect.forkScoped(
      runSchedules({ tick: Duration.seconds(tickSeconds), concurrency, maxBackoff: Duration.hours(6) })
    )
  )

/**
 * The notification worker, forked in the layer's scope like the scheduler.
 * Writes wake it at once; the poll picks up events a crash or another
 * process left in the outbox. Interrupting it mid-delivery rolls that
 * delivery back, and the event is delivered on the next start.
 */
const layerNotificationWorker = (pollSeconds: number) =>
  Layer.scopedDiscard(
    Effect.flatMap(NotificationWorker, (worker) => Effect.forkScoped(worker.run(Duration.seconds(pollSeconds))))
  )

/**
 * The webhook worker, forked in the layer's scope like the notification
 * worker, on the same poll interval (retries fall due with time); stored
 * notifications and pings wake it at once.
 */
const layerWebhookWorker = (pollSeconds: number) =>
  Layer.scopedDiscard(
    Effect.flatMap(WebhookWorker, (worker) => Effect.forkScoped(worker.run(Duration.seconds(pollSeconds))))
  )

/** Store, credentials, use cases, the notification and webhook workers and (unless turned off) the agent scheduler, from configuration. */
export const layerDomain = Layer.unwrapEffect(
  Effect.gen(function*() {
    const config = yield* AppConfig
    const secretKey = yield* resolveSecretKey({
      configured: config.secretKey,
      production: config.production,
      dataDir: dataDirOf(config.database)
    })
    const ports = Layer.mergeAll(
      // The RateLimiter's counters are shared (database or Redis), and the
      // scheduler's heartbeat leases live in the database: the registration
      // limits hold, and each scheduled agent acts once, across processes.
      layerStore(config),
      PasswordHasherScrypt.layer({
        cost: config.scryptCost,
        blockSize: 8,
        parallelization: config.scryptParallelization
      }),
      TokenIssuerJwt.layer({ secret: secretKey, expireMinutes: config.accessTokenExpireMinutes }),
      IdGeneratorUuidV7.layer,
      layerLanguageModel,
      ApiKeysNode.layer,
      IdempotencyCryptoNode.layer({ secret: secretKey }),
      SecretSealerNode.layer({ secret: secretKey }),
      Layer.succeed(AgentLimits, { maxAgentsPerOwner: config.maxAgentsPerOwner }),
      Layer.succeed(RateLimitSettings, config.rateLimits),
      // https only and public addresses only, unless WEBHOOK_ALLOW_HTTP / WEBHOOK_ALLOW_PRIVATE say otherwise.
      WebhookTransportNode.layerConfig
    )
    const domain = UseCases.layer.pipe(Layer.provideMerge(ports))
    const workers = Layer.merge(
      layerNotificationWorker(config.notificationPollSeconds),
      layerWebhookWorker(config.notificationPollSeconds)
    )
    const background = config.agentScheduler
      ? Layer.merge(workers, layerAgentScheduler(config.agentSchedulerConcurrency, config.agentSchedulerTickSeconds))
      : workers
    return Layer.merge(domain, background.pipe(Layer.provide(domain)))
  })
)

/** The HTTP surface on a Node server; the server stays in the output so callers can read its address. */
export const layerHttp = Layer.unwrapEffect(
  Effect.map(Effect.all([AppConfig, aiProviderConfig]), ([config, aiProvider]) =>
    RestApi.layer({
      allowedOrigins: config.allowedOrigins,
      maxBodyBytes: config.maxBodyBytes,
      gzipMinBytes: 1024,
      accessLog: config.accessLog,
      tracing: false,
      trustProxy: config.trustProxy,
      // What /skill.md and /llms.txt tell agents about this deployment.
      frontDoor: { publicUrl: config.publicUrl, aiProvider: Option.isSome(aiProvider) },
      // The read-only pages for people (/, /c/..., /p/..., /u/..., /search).
      pages: WebPages.layer
    }).pipe(
      Layer.provideMerge(
        HttpServerNode.layer({
          port: config.port,
          host: config.host,
          shutdownTimeout: Duration.seconds(config.shutdownTimeoutSeconds)
        })
      )
    ))
)

const loggers: Record<LogFormat, Layer.Layer<never>> = {
  pretty: Logger.pretty,
  json: LogLines.layer(Logger.jsonLogger),
  logfmt: LogLines.layer(Logger.logfmtLogger)
}

/** The log format and level; built before the domain, so that its workers log the same way as requests do. */
export const layerLogging = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) => Layer.merge(loggers[config.logFormat], Logger.minimumLogLevel(config.logLevel)))
)

export const layer = layerHttp.pipe(
  // No trace exporter is configured, so spans (per request, per use case, per
  // query) would cost CPU and go nowhere.
  Layer.provide(Layer.setTracerEnabled(false)),
  Layer.provide(layerDomain),
  Layer.provide(layerLogging),
  Layer.provide(PlatformConfigProvider.layerDotEnvAdd(".env")),
  Layer.provide(NodeContext.layer)
)
