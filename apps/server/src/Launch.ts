/**
 * What the process runs: one server (WORKERS=1, the default), or with
 * WORKERS > 1 the cluster primary, which first does once what the workers
 * must not race to do (generate the secret key, migrate a fresh database,
 * choose the port for PORT=0), then supervises them; or, in a worker, one
 * server handed the primary's key and port.
 */
import * as PlatformConfigProvider from "@effect/platform/PlatformConfigProvider"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import cluster from "node:cluster"
import { createServer } from "node:net"
import { AppConfig } from "./AppConfig.js"
import * as Cluster from "./Cluster.js"
import { resolveSecretKey } from "./SecretKey.js"
import * as Server from "./Server.js"

/** A port free on `host` now, for workers that must all listen on the same one. */
const freePort = (host: string) =>
  Effect.async<number, Error>((resume) => {
    const probe = createServer()
    probe.once("error", (error) => resume(Effect.fail(error)))
    probe.listen(0, host, () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resume(Effect.succeed(port)))
    })
  })

const primary = (config: AppConfig) =>
  Effect.gen(function*() {
    if (config.database._tag === "SqliteMemory") {
      return yield* Effect.fail(
        ConfigError.InvalidData(["WORKERS"], "WORKERS above 1 needs a database file or PostgreSQL, not sqlite::memory:")
      )
    }
    const secretKey = yield* resolveSecretKey({
      configured: config.secretKey,
      production: config.production,
      dataDir: Server.dataDirOf(config.database)
    })
    // Open the database once (which migrates it) and close it again.
    yield* Effect.scoped(Layer.build(Server.layerDatabase(config)))
    const port = config.port === 0 ? yield* freePort(config.host) : config.port
    return yield* Effect.scoped(Cluster.supervise({
      workers: config.workers,
      env: { SECRET_KEY: secretKey, PORT: String(port) },
      drainTimeout: Duration.seconds(config.shutdownTimeoutSeconds + 5),
      // A worker that cannot start dies again at once; all N dying twice in
      // a minute is a crash loop, not bad luck.
      maxDeaths: Math.max(5, 2 * config.workers),
      restartWindow: Duration.minutes(1),
      restartDelay: Duration.millis(100),
      maxRestartDelay: Duration.seconds(10)
    }))
  }).pipe(Effect.provide(Server.layerLogging))

const worker = Effect.zipRight(
  Cluster.ignoreRepeatedSignals,
  Layer.launch(Server.layer).pipe(Effect.annotateLogs({ worker_pid: process.pid }))
)

export const main = Effect.gen(function*() {
  if (cluster.isWorker) return yield* worker
  const config = yield* AppConfig
  return config.workers === 1 ? yield* Layer.launch(Server.layer) : yield* primary(config)
}).pipe(
  Effect.provide(PlatformConfigProvider.layerDotEnvAdd(".env")),
  Effect.provide(NodeContext.layer)
)
