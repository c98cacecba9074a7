/**
 * RateLimiter over fixed windows kept in process memory: a real limiter for
 * a single server process, forgotten on restart.
 */
import { Clock, type Context, Duration, Effect, Layer } from "effect"
import { RateLimited } from "./Errors.js"
import { RateLimiter } from "./RateLimiter.js"

/**
 * Fixed windows per key, kept in a Map. Expired windows are dropped when the
 * map is swept, which happens at most once per call and only when it has grown.
 */
export const make: Effect.Effect<Context.Tag.Service<RateLimiter>> = Effect.sync(() => {
  const windows = new Map<string, { start: number; count: number; length: number }>()
  let sweepAt = 1024
  const sweep = (now: number) => {
    if (windows.size < sweepAt) return
    for (const [key, w] of windows) if (now >= w.start + w.length) windows.delete(key)
    sweepAt = Math.max(1024, windows.size * 2)
  }
  return RateLimiter.of({
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
  })
})

export const layer: Layer.Layer<RateLimiter> = Layer.effect(RateLimiter, make)
