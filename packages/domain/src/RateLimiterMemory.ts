/**
 * RateLimiter over fixed windows kept in process memory: a real limiter for
 * a single server process, forgotten on restart. Written here rather than on
 * a library because the domain imports only `effect` (whose own RateLimiter
 * lives in @effect/experimental), and a fixed window per key is a Map entry.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { Context } from "effect"
import { RateLimited } from "./Errors.js"
import { quotaAfter, RateLimiter } from "./RateLimiter.js"

/**
 * Fixed windows per key, kept in a Map. Expired windows are dropped when the
 * map is swept, which happens at most once per call and only when it has grown.
 * Refused hits are not counted (the key stays refused until the window ends either way).
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
    hit: (key, limit, window, options) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        sweep(now)
        const length = Duration.toMillis(window)
        const current = windows.get(key)
        const w = current === undefined || now >= current.start + current.length
          ? { start: now, count: 0, length }
          : current
        const peek = options?.peek === true
        const count = peek ? w.count : Math.min(w.count, limit) + 1
        const answer = quotaAfter(count, limit, w.start + w.length, now, peek)
        if (answer.refused) return Effect.fail(new RateLimited({ retryAfterSeconds: answer.state.resetSeconds, limit }))
        if (!peek) windows.set(key, { ...w, count })
        return Effect.succeed(answer.state)
      })
  })
})

export const layer: Layer.Layer<RateLimiter> = Layer.effect(RateLimiter, make)
