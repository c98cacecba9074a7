/**
 * The cluster supervisor (WORKERS > 1): the primary process forks N server
 * workers that share one port through node:cluster, starts a new one when a
 * worker dies (after a growing delay, giving up when they keep dying), and on
 * shutdown asks every worker to drain and waits until all have exited.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import cluster, { type Worker } from "node:cluster"

export interface SupervisorOptions {
  readonly workers: number
  /** Added to each worker's environment; redacted values are never logged. */
  readonly env: Readonly<Record<string, string | Redacted.Redacted<string>>>
  /** How long the workers may take to drain once asked, before they are killed. */
  readonly drainTimeout: Duration.DurationInput
  /** Give up when this many workers die within `restartWindow`. */
  readonly maxDeaths: number
  readonly restartWindow: Duration.DurationInput
  /** The delay before the first restart; it doubles with each recent death, up to `maxRestartDelay`. */
  readonly restartDelay: Duration.DurationInput
  readonly maxRestartDelay: Duration.DurationInput
}

/** Workers kept dying (bad configuration, a port in use, a crash loop): the primary stops. */
export class WorkersKeepDying extends Schema.TaggedError<WorkersKeepDying>()("WorkersKeepDying", {
  message: Schema.String
}) {}

/** Some worker did not exit cleanly (code 0) within the drain timeout. */
export class DrainFailed extends Schema.TaggedError<DrainFailed>()("DrainFailed", {
  message: Schema.String
}) {}

type ClusterEvent =
  | { readonly _tag: "Listening"; readonly worker: Worker; readonly address: string; readonly port: number }
  | { readonly _tag: "Exit"; readonly worker: Worker; readonly code: number | null; readonly signal: string | null }

const pidOf = (worker: Worker) => worker.process.pid ?? -1

const plainEnv = (env: SupervisorOptions["env"]): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, Redacted.isRedacted(value) ? Redacted.value(value) : value])
  )

/** node:cluster's events as a queue, for as long as the scope lasts. */
const clusterEvents = Effect.gen(function*() {
  const events = yield* Queue.unbounded<ClusterEvent>()
  const onListening = (worker: Worker, address: { address: string | null; port: number }) =>
    Queue.unsafeOffer(events, { _tag: "Listening", worker, address: address.address ?? "0.0.0.0", port: address.port })
  const onExit = (worker: Worker, code: number | null, signal: string | null) =>
    Queue.unsafeOffer(events, { _tag: "Exit", worker, code, signal })
  yield* Effect.acquireRelease(
    Effect.sync(() => cluster.on("listening", onListening).on("exit", onExit)),
    () => Effect.sync(() => cluster.off("listening", onListening).off("exit", onExit))
  )
  return events
})

/**
 * Runs the workers until the scope is closed (the primary got SIGTERM or
 * SIGINT): then each worker gets SIGTERM, drains like a single server does,
 * and the scope closes when all have exited. Fails with WorkersKeepDying when
 * they die too often; closing the scope then stops the rest.
 */
export const supervise = (options: SupervisorOptions) =>
  Effect.gen(function*() {
    const events = yield* clusterEvents
    const env = plainEnv(options.env)
    const live = new Map<number, Worker>()
    const listening = new Set<number>()
    let deaths: Array<number> = []
    let announced = false

    const fork = Effect.suspend(() => {
      const worker = cluster.fork(env)
      live.set(worker.id, worker)
      return Effect.logInfo("Started worker").pipe(Effect.annotateLogs({ worker_pid: pidOf(worker) }))
    })

    const drain = Effect.gen(function*() {
      if (live.size === 0) return
      yield* Effect.logInfo(`Draining ${live.size} workers`)
      for (const worker of live.values()) worker.process.kill("SIGTERM")
      let clean = true
      const awaitAll = Effect.gen(function*() {
        while (live.size > 0) {
          const event = yield* Queue.take(events)
          if (event._tag !== "Exit") continue
          live.delete(event.worker.id)
          if (event.code !== 0) clean = false
          yield* Effect.logInfo("Worker stopped").pipe(
            Effect.annotateLogs({ worker_pid: pidOf(event.worker), code: event.code, signal: event.signal })
          )
        }
      })
      const finished = yield* Effect.timeout(awaitAll, options.drainTimeout).pipe(Effect.option)
      if (finished._tag === "None") {
        clean = false
        yield* Effect.logError(`${live.size} workers still running after the drain timeout: killing them`)
        for (const worker of live.values()) worker.process.kill("SIGKILL")
      }
      // A finalizer cannot fail; a defect turns the primary's exit code to 1.
      if (!clean) return yield* Effect.die(new DrainFailed({ message: "Not every worker drained cleanly" }))
      yield* Effect.logInfo("All workers stopped")
    })
    // Registered after the event listeners, so it runs (and can still hear
    // exits) before they are removed.
    yield* Effect.addFinalizer(() => drain)

    const onExit = (worker: Worker, code: number | null, signal: string | null) =>
      Effect.gen(function*() {
        live.delete(worker.id)
        listening.delete(worker.id)
        const now = yield* Clock.currentTimeMillis
        deaths = [...deaths.filter((at) => now - at < Duration.toMillis(options.restartWindow)), now]
        yield* Effect.logWarning("Worker died").pipe(
          Effect.annotateLogs({ worker_pid: pidOf(worker), code, signal })
        )
        if (deaths.length >= options.maxDeaths) {
          return yield* new WorkersKeepDying({
            message: `${deaths.length} workers died within ${Duration.format(options.restartWindow)}: giving up`
          })
        }
        const delay = Duration.min(
          Duration.times(options.restartDelay, 2 ** (deaths.length - 1)),
          options.maxRestartDelay
        )
        yield* Effect.logInfo(`Restarting a worker in ${Duration.format(delay)}`)
        yield* Effect.sleep(delay)
        yield* fork
      })

    const onListening = (worker: Worker, address: string, port: number) =>
      Effect.suspend(() => {
        listening.add(worker.id)
        if (announced || listening.size < options.workers) return Effect.void
        announced = true
        return Effect.logInfo(`All ${options.workers} workers listening on http://${address}:${port}`)
      })

    yield* Effect.logInfo(`Starting ${options.workers} workers`)
    for (let i = 0; i < options.workers; i++) yield* fork
    return yield* Effect.forever(
      Effect.flatMap(Queue.take(events), (event) =>
        event._tag === "Exit"
          ? onExit(event.worker, event.code, event.signal)
          : onListening(event.worker, event.address, event.port))
    )
  })

/**
 * In a worker: a second SIGTERM or SIGINT (a terminal's Ctrl-C reaches every
 * process of the group, then the primary forwards SIGTERM) must not kill a
 * worker that is already draining. The runtime reacts to the first signal;
 * these listeners only stop Node's default of exiting on the next ones.
 */
export const ignoreRepeatedSignals = Effect.sync(() => {
  const ignore = () => undefined
  process.on("SIGTERM", ignore).on("SIGINT", ignore)
})
