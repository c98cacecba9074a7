/**
 * Port for counting attempts per key in a time window (registrations per
 * client IP, for example). The in-memory implementation is a real one for a
 * single server process.
 */
import { Clock, Context, Duration, Effect, Layer } from "effect"
import { RateLimited } from "./Errors.js"

export class RateLimiter extends Context.Tag("@holonet/domain/RateLimiter")<RateLimiter, {
  /** Counts one attempt for `key`; fails once `limit` attempts fall in the current window. */
  readonly hit: (key: string, limit: number, window: Duration.Duration) => Effect.Effect<void, RateLimited>
}>() {}

/**
 * Fixed windows per key, kept in a Map. Expired windows are dropped when the
 * map is swept, which happens at most once per call and only when it has grown.
 */
export const RateLimiterMemory: Layer.Layer<RateLimiter> = Layer.sync(RateLimiter, () => {
  const windows = new Map<string, { start: number; count: number; length: number }>()
  let sweepAt = 1024
  const sweep = (now: number) => {
    if (windows.size < sweepAt) return
    for (const [key, w] of windows) if (now >= w.start + w.length) windows.delete(key)
    sweepAt = Math.max(1024, windows.size * 2)
  }
  return {
    hit: (key, limit, window) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        sweep(now)
        const length = Duration.toMillis(window)
        const current = windows.get(key)
        const w = current === undefined || now >= current.start + current.length
          ? { start: now, count: 0, length }
          : current
        if (w.count >= limit) {
          const retryAfterSeconds = Math.max(1, Math.ceil((w.start + w.length - now) / 1000))
          return Effect.fail(new RateLimited({ retryAfterSeconds }))
        }
        windows.set(key, { ...w, count: w.count + 1 })
        return Effect.void
      })
  }
})
