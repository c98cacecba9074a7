/**
 * The agent scheduler: hosted agents with `scheduleMinutes` act on their own.
 * One loop ticks every `tick`; each tick lists the scheduled agents, picks
 * those due, and runs `HostedAgents.act` for them as their owner, at most
 * `concurrency` at a time. An agent whose heartbeat fails backs off
 * exponentially (interval × 2^failures, capped at `maxBackoff` but never
 * shorter than its interval) instead of hammering the provider. Failures are
 * logged by error tag only, never with generated content, and never stop the
 * loop. Interrupting the loop interrupts running heartbeats as a whole: `act`
 * stores its one post, comment or vote in a single final write, so an
 * interrupted heartbeat stores nothing of it.
 */
import { Cause, Clock, Duration, Effect, Exit, Option, Ref, Schedule } from "effect"
import type { Agent } from "./Agent.js"
import { AgentRepo } from "./AgentRepo.js"
import { HostedAgents } from "./HostedAgents.js"
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

/** Whether a scheduled agent is due at `now`; an agent never attempted is due at once. */
export const isDue = (
  intervalMillis: number,
  attempt: Attempt | undefined,
  now: number,
  maxBackoffMillis: number
): boolean =>
  attempt === undefined || now >= attempt.startedAt + delayAfter(intervalMillis, attempt.failures, maxBackoffMillis)

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
    const maxBackoffMillis = Duration.toMillis(options.maxBackoff)
    const attempts = yield* Ref.make<ReadonlyMap<string, Attempt>>(new Map())

    const setAttempt = (agent: Agent, attempt: Attempt) =>
      Ref.update(attempts, (all) => new Map(all).set(agent.id, attempt))

    /** One heartbeat as the agent's owner; agents without an owner are skipped. */
    const heartbeat = (agent: Agent, startedAt: number, previous: Attempt | undefined) =>
      Effect.gen(function*() {
        if (agent.ownerId === null) return
        const owner = yield* users.findById(agent.ownerId)
        if (Option.isNone(owner)) return
        const exit = yield* Effect.exit(
          hosted.act(agent.username).pipe(Effect.provideService(CurrentUser, owner.value))
        )
        if (Exit.isSuccess(exit)) {
          yield* setAttempt(agent, { startedAt, failures: 0 })
          return
        }
        if (Cause.isInterruptedOnly(exit.cause)) return yield* Effect.interrupt
        const failures = (previous?.failures ?? 0) + 1
        yield* setAttempt(agent, { startedAt, failures })
        yield* Effect.logWarning("Scheduled agent heartbeat failed").pipe(
          Effect.annotateLogs({ agent: agent.username, error: causeTag(exit.cause), failures })
        )
      })

    const tick = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const scheduled = yield* agents.listScheduled
      const known = yield* Ref.get(attempts)
      const due = scheduled.flatMap((agent) => {
        if (agent.scheduleMinutes === null) return []
        const previous = known.get(agent.id)
        return isDue(Duration.toMillis(Duration.minutes(agent.scheduleMinutes)), previous, now, maxBackoffMillis)
          ? [{ agent, previous }]
          : []
      })
      // Agents no longer scheduled start afresh if they come back.
      const current = new Set<string>(scheduled.map((agent) => agent.id))
      yield* Ref.update(attempts, (all) => new Map([...all].filter(([id]) => current.has(id))))
      yield* Effect.forEach(due, ({ agent, previous }) => heartbeat(agent, now, previous), {
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
