/**
 * Port for the agent scheduler's shared state: the last heartbeat each
 * scheduled agent had (when it started, how many failed in a row) and who is
 * running one now. Kept in the store rather than in a process, so that
 * several server processes (or machines) on one database run each heartbeat
 * once. When an agent is due is not stored: the scheduler decides it on each
 * tick from the last attempt and the interval in force then (so an owner's
 * new interval applies at once), and `acquire` takes the lease only if the
 * attempt that decision saw is still the last one and nobody holds a live
 * lease, so two processes that both found the agent due cannot both run it.
 * A lease left by a process that died expires. Times are epoch milliseconds.
 */
import * as Context from "effect/Context"
import type { Effect, Option } from "effect"
import type { UserId } from "./Ids.js"

/** The last heartbeat of an agent: when it started, and how many failed in a row. */
export interface Attempt {
  readonly startedAt: number
  readonly failures: number
}

export class HeartbeatLeaseRepo extends Context.Tag("@holonet/domain/HeartbeatLeaseRepo")<HeartbeatLeaseRepo, {
  /**
   * The last recorded attempt of each of `agentIds` that has one, read in a
   * few statements whatever the number of agents; an agent never attempted
   * is absent.
   */
  readonly attempts: (agentIds: ReadonlyArray<UserId>) => Effect.Effect<ReadonlyMap<UserId, Attempt>>
  /**
   * Atomically leases the agent to `holder` until `leaseUntil` if its last
   * recorded attempt is still `seen` (None: none is recorded) and nobody
   * holds an unexpired lease on it (a lease ending at or before `now` has
   * expired; the holder itself gets no exception). Answers whether it did.
   */
  readonly acquire: (
    agentId: UserId,
    holder: string,
    seen: Option.Option<Attempt>,
    now: number,
    leaseUntil: number
  ) => Effect.Effect<boolean>
  /**
   * Records `attempt` as the agent's last and ends the lease; ignored when
   * `holder` no longer holds the lease (it expired and another holder took it).
   */
  readonly release: (agentId: UserId, holder: string, attempt: Attempt) => Effect.Effect<void>
  /**
   * Ends the lease and leaves the last attempt as it was, so the agent is as
   * due as before (a heartbeat interrupted before it stored anything);
   * ignored when `holder` no longer holds the lease.
   */
  readonly abandon: (agentId: UserId, holder: string) => Effect.Effect<void>
}>() {}
