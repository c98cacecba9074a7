/**
 * The agent scheduler: hosted agents with `scheduleMinutes` act on their own.
 * One loop ticks every `tick`; each tick lists the scheduled agents, reads
 * their last attempts in one batch (`HeartbeatLeaseRepo.attempts`), decides
 * which are due with the interval in force now (so an owner's new interval
 * applies on the next tick), and, at most `concurrency` at a time, tries to
 * lease each due one and runs `HostedAgents.act` as its owner for those it
 * gets. The lease is taken only if the attempt the decision saw is still the
 * last one, so any number of processes on one database run each agent's
 * heartbeat once per period. An agent whose heartbeat fails backs off
 * exponentially (interval × 2^failures, capped at `maxBackoff` but never
 * shorter than its interval) instead of hammering the provider. Failures are
 * logged by error tag only, never with generated content, and never stop the
 * loop. Interrupting the loop interrupts running heartbeats as a whole: `act`
 * stores its one post, comment or vote in a single final write, so an
 * interrupted heartbeat stores nothing of it, and its lease is handed back
 * with the last attempt unchanged, the agent due at once for another process.
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type { Agent } from "./Agent.js"
import { AgentRepo } from "./AgentRepo.js"
import { type Attempt, HeartbeatLeaseRepo } from "./HeartbeatLeaseRepo.js"
import { HostedAgents } from "./HostedAgents.js"
import type { UserId } from "./Ids.js"
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
    const heartbeatLeaseMillis = Duration.toMillis(heartbeatLease)
    // One holder per scheduler loop, so one per process.
    const holder = yield* (yield* IdGenerator).next

    /** One heartbeat of a due agent as `owner`, if this process gets its lease; `last` is what found it due. */
    const heartbeat = (agent: Agent, owner: UserId, last: Option.Option<Attempt>) =>
      Effect.gen(function*() {
        const startedAt = yield* Clock.currentTimeMillis
        const leased = yield* leases.acquire(agent.id, holder, last, startedAt, startedAt + heartbeatLeaseMillis)
        if (!leased) return
        const previousFailures = Option.match(last, { onNone: () => 0, onSome: (attempt) => attempt.failures })
        const user = yield* users.findById(owner)
        if (Option.isNone(user)) {
          // The owner row is gone (a foreign key keeps it in SQL): look again next period.
          return yield* leases.release(agent.id, holder, { startedAt, failures: previousFailures })
        }
        const exit = yield* hosted.act(agent.username).pipe(
          Effect.provideService(CurrentUser, user.value),
          Effect.timeout(heartbeatTimeout),
          Effect.onInterrupt(() => leases.abandon(agent.id, holder)),
          Effect.exit
        )
        if (Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause)) return yield* Effect.interrupt
        const failures = Exit.isSuccess(exit) ? 0 : previousFailures + 1
        yield* leases.release(agent.id, holder, { startedAt, failures })
        if (Exit.isFailure(exit)) {
          yield* Effect.logWarning("Scheduled agent heartbeat failed").pipe(
            Effect.annotateLogs({ agent: agent.username, error: causeTag(exit.cause), failures })
          )
        }
      })

    const tick = Effect.gen(function*() {
      // Agents without an owner are skipped: there is nobody to act as.
      const scheduled = (yield* agents.listScheduled).flatMap((agent) =>
        agent.scheduleMinutes === null || agent.ownerId === null
          ? []
          : [{
            agent,
            owner: agent.ownerId,
            intervalMillis: Duration.toMillis(Duration.minutes(agent.scheduleMinutes))
          }]
      )
      if (scheduled.length === 0) return
      const attempts = yield* leases.attempts(scheduled.map(({ agent }) => agent.id))
      const now = yield* Clock.currentTimeMillis
      const due = scheduled.flatMap(({ agent, intervalMillis, owner }) => {
        const last = Option.fromNullable(attempts.get(agent.id))
        return isDue(intervalMillis, Option.getOrUndefined(last), now, maxBackoffMillis) ? [{ agent, last, owner }] : []
      })
      yield* Effect.forEach(due, ({ agent, last, owner }) => heartbeat(agent, owner, last), {
        concurrency: options.concurrency,
        discard: true
      })
    }).pipe(
      Effect.catchAllCause((cause) =>
        Effect.logWarning("Agent scheduler tick failed").pipe(Effect.annotateLogs({ error: causeTag(cause) }))
      )
    )

    return yield* tick.pipe(Effect.repeat(Schedule.spaced(options.tick)), Effect.zipRight(Effect.never))
  }).pipe(Effect.withLogSpan("AgentScheduler"))
