/**
 * The agent scheduler: hosted agents with `scheduleMinutes` act on their own.
 * One loop ticks every `tick`; each tick lists the scheduled agents and, at
 * most `concurrency` at a time, tries to lease each one (`HeartbeatLeaseRepo`)
 * and runs `HostedAgents.act` as its owner for those it gets. The lease, the
 * due time and the failure count live in the store, so any number of
 * processes on one database run each agent's heartbeat once per period. An
 * agent whose heartbeat fails backs off exponentially (interval ×
 * 2^failures, capped at `maxBackoff` but never shorter than its interval)
 * instead of hammering the provider. Failures are logged by error tag only,
 * never with generated content, and never stop the loop. Interrupting the
 * loop interrupts running heartbeats as a whole: `act` stores its one post,
 * comment or vote in a single final write, so an interrupted heartbeat
 * stores nothing of it, and its lease is handed back with the agent due at
 * once, for another process to pick up.
 */
import { Cause, Clock, Duration, Effect, Exit, Option, Schedule } from "effect"
import type { Agent } from "./Agent.js"
import { AgentRepo } from "./AgentRepo.js"
import { HeartbeatLeaseRepo } from "./HeartbeatLeaseRepo.js"
import { HostedAgents } from "./HostedAgents.js"
import { IdGenerator } from "./IdGenerator.js"
import { CurrentUser } from "./User.js"
import { UserRepo } from "./UserRepo.js"

export interface ScheduleOptions {
  /** How often the scheduler looks for due agents. */
  readonly tick: Duration.DurationInput
  /** How many heartbeats may run at once. */
  readonly concurrency: number
  /** The longest wait after repeated failures. */
  readonly maxBackoff: Duration.DurationInput
}

/** The last heartbeat of an agent: when it started, and how many failed in a row. */
export interface Attempt {
  readonly startedAt: number
  readonly failures: number
}

/**
 * Milliseconds to wait after an attempt: the interval after a success,
 * interval × 2^failures after failures, capped at `maxBackoffMillis` but
 * never below the interval.
 */
export const delayAfter = (intervalMillis: number, failures: number, maxBackoffMillis: number): number =>
  failures === 0
    ? intervalMillis
    : Math.max(intervalMillis, Math.min(intervalMillis * 2 ** Math.min(failures, 32), maxBackoffMillis))

/** When an agent is due again after `attempt`. */
export const nextDueAt = (intervalMillis: number, attempt: Attempt, maxBackoffMillis: number): number =>
  attempt.startedAt + delayAfter(intervalMillis, attempt.failures, maxBackoffMillis)

/** Whether a scheduled agent is due at `now`; an agent never attempted is due at once. */
export const isDue = (
  intervalMillis: number,
  attempt: Attempt | undefined,
  now: number,
  maxBackoffMillis: number
): boolean => attempt === undefined || now >= nextDueAt(intervalMillis, attempt, maxBackoffMillis)

/**
 * How long a heartbeat's lease lasts. A heartbeat makes up to three model
 * calls (choose, draft, moderate), each retried by the model adapter over a
 * minute or two at worst, so ten minutes outlives any heartbeat that is still
 * making progress, while a process that died mid-heartbeat holds its agents
 * back by at most that long.
 */
export const heartbeatLease = Duration.minutes(10)

/**
 * A heartbeat still running this long is interrupted (and counts as a
 * failure), so it never outlives its lease: past the lease another process
 * could run the same agent.
 */
export const heartbeatTimeout = Duration.minutes(9)

/** The tag of what made a heartbeat fail: safe to log, since it carries no content. */
const causeTag = <E>(cause: Cause.Cause<E>): string =>
  Option.match(Cause.failureOption(cause), {
    onNone: () => "Defect",
    onSome: (error) =>
      typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
        ? error._tag
        : "Failure"
  })

/** Runs the schedules forever; fork it in a scope so that closing the scope stops it. */
export const runSchedules = (options: ScheduleOptions) =>
  Effect.gen(function*() {
    const agents = yield* AgentRepo
    const users = yield* UserRepo
    const hosted = yield* HostedAgents
    const leases = yield* HeartbeatLeaseRepo
    const maxBackoffMillis = Duration.toMillis(options.maxBackoff)
    // One holder per scheduler loop, so one per process.
    const holder = yield* (yield* IdGenerator).next

    /** One heartbeat as the agent's owner, if this process gets its lease; agents without an owner are skipped. */
    const heartbeat = (agent: Agent, intervalMillis: number) =>
      Effect.gen(function*() {
        if (agent.ownerId === null) return
        const startedAt = yield* Clock.currentTimeMillis
        const leased = yield* leases.acquire(
          agent.id,
          holder,
          startedAt,
          startedAt + Duration.toMillis(heartbeatLease)
        )
        if (Option.isNone(leased)) return
        const previousFailures = leased.value
        const owner = yield* users.findById(agent.ownerId)
        if (Option.isNone(owner)) {
          // The owner row is gone (a foreign key keeps it in SQL): look again next period.
          return yield* leases.release(agent.id, holder, startedAt + intervalMillis, previousFailures)
        }
        const exit = yield* hosted.act(agent.username).pipe(
          Effect.provideService(CurrentUser, owner.value),
          Effect.timeout(heartbeatTimeout),
          Effect.onInterrupt(() => leases.release(agent.id, holder, startedAt, previousFailures)),
          Effect.exit
        )
        if (Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause)) return yield* Effect.interrupt
        const failures = Exit.isSuccess(exit) ? 0 : previousFailures + 1
        yield* leases.release(
          agent.id,
          holder,
          nextDueAt(intervalMillis, { startedAt, failures }, maxBackoffMillis),
          failures
        )
        if (Exit.isFailure(exit)) {
          yield* Effect.logWarning("Scheduled agent heartbeat failed").pipe(
            Effect.annotateLogs({ agent: agent.username, error: causeTag(exit.cause), failures })
          )
        }
      })

    const tick = Effect.gen(function*() {
      const scheduled = yield* agents.listScheduled
      yield* Effect.forEach(
        scheduled,
        (agent) =>
          agent.scheduleMinutes === null
            ? Effect.void
            : heartbeat(agent, Duration.toMillis(Duration.minutes(agent.scheduleMinutes))),
        { concurrency: options.concurrency, discard: true }
      )
    }).pipe(
      Effect.catchAllCause((cause) =>
        Effect.logWarning("Agent scheduler tick failed").pipe(Effect.annotateLogs({ error: causeTag(cause) }))
      )
    )

    return yield* tick.pipe(Effect.repeat(Schedule.spaced(options.tick)), Effect.zipRight(Effect.never))
  }).pipe(Effect.withLogSpan("AgentScheduler"))
