/**
 * Port for counting attempts per key in a fixed time window (requests per
 * principal, registrations per client address, failed logins per username).
 * A hit answers where the key stands, so that the caller can show the quota
 * (RateLimit headers); a peek answers the same without counting, for limits
 * that count only some outcomes (failed logins: check first, count only the
 * failures). The in-memory implementation, `RateLimiterMemory`, is a real one
 * for a single server process; the shared ones live in the SQL and Redis adapters.
 */
import * as Context from "effect/Context"
import type { Duration, Effect } from "effect"
import type { RateLimited } from "./Errors.js"

/** Where a key stands after a hit (or a peek). */
export interface QuotaState {
  readonly limit: number
  /** Hits left in the current window (0 once the limit is reached). */
  readonly remaining: number
  /** Whole seconds until the current window ends (at least 1). */
  readonly resetSeconds: number
}

export interface HitOptions {
  /** Answer without counting: fails if the key is already at its limit. */
  readonly peek?: boolean
}

export class RateLimiter extends Context.Tag("@holonet/domain/RateLimiter")<RateLimiter, {
  /**
   * Counts one attempt for `key` and answers the quota; fails once `limit`
   * attempts fall in the current window (a window starts at a key's first hit).
   */
  readonly hit: (
    key: string,
    limit: number,
    window: Duration.Duration,
    options?: HitOptions
  ) => Effect.Effect<QuotaState, RateLimited>
}>() {}

/** Whole seconds from `now` to `windowEnd` (epoch ms), at least 1. */
export const secondsUntil = (windowEnd: number, now: number): number => Math.max(1, Math.ceil((windowEnd - now) / 1000))

/**
 * The answer to a hit, given the count after it (or, for a peek, the count
 * as it stands) and the window's end: shared by every adapter so that they
 * answer alike.
 */
export const quotaAfter = (
  count: number,
  limit: number,
  windowEnd: number,
  now: number,
  peek: boolean
): { readonly refused: boolean; readonly state: QuotaState } => {
  const resetSeconds = secondsUntil(windowEnd, now)
  const refused = peek ? count >= limit : count > limit
  return { refused, state: { limit, remaining: Math.max(0, limit - count), resetSeconds } }
}
