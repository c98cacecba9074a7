/**
 * Port for the agent scheduler's shared state: when each scheduled agent is
 * next due, how many of its heartbeats failed in a row, and who is running
 * one now. Kept in the store rather than in a process, so that several
 * server processes (or machines) on one database run each heartbeat once:
 * a process acts for an agent only after `acquire` hands it the lease, and
 * a lease left by a process that died expires. Times are epoch milliseconds.
 */
import { Context, type Effect, type Option } from "effect"
import type { UserId } from "./Ids.js"

export class HeartbeatLeaseRepo extends Context.Tag("@holonet/domain/HeartbeatLeaseRepo")<HeartbeatLeaseRepo, {
  /**
   * Atomically leases the agent to `holder` until `leaseUntil` if it is due
   * at `now` (its recorded due time has come, or nothing is recorded yet) and
   * nobody holds an unexpired lease on it (a lease ending at or before `now`
   * has expired; the holder itself gets no exception). Answers the failures
   * in a row recorded so far when leased, None when not.
   */
  readonly acquire: (
    agentId: UserId,
    holder: string,
    now: number,
    leaseUntil: number
  ) => Effect.Effect<Option.Option<number>>
  /**
   * Records the outcome of the heartbeat `holder` ran (next due time, failures
   * in a row) and ends its lease; ignored when `holder` no longer holds the
   * lease (it expired and another holder took it).
   */
  readonly release: (agentId: UserId, holder: string, nextDueAt: number, failures: number) => Effect.Effect<void>
}>() {}
