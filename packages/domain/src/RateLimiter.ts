/**
 * Port for counting attempts per key in a time window (registrations per
 * client IP, for example). The in-memory implementation, `RateLimiterMemory`,
 * is a real one for a single server process.
 */
import { Context, type Duration, type Effect } from "effect"
import type { RateLimited } from "./Errors.js"

export class RateLimiter extends Context.Tag("@holonet/domain/RateLimiter")<RateLimiter, {
  /** Counts one attempt for `key`; fails once `limit` attempts fall in the current window. */
  readonly hit: (key: string, limit: number, window: Duration.Duration) => Effect.Effect<void, RateLimited>
}>() {}
