// The retry schedule of a webhook delivery: growing delays, capped so the last attempt is at 24 h.
import { describe, expect, it } from "@effect/vitest"
import { nextAttemptAt, retryWindowMillis } from "@holonet/domain"

const second = 1_000
const hour = 3_600 * second

/** Every attempt time of a delivery enqueued at 0 whose attempts all fail at once. */
const schedule = () => {
  const times = [0]
  for (let attempts = 1; attempts < 50; attempts++) {
    const next = nextAttemptAt(attempts, 0, times[times.length - 1] ?? 0)
    if (next === null) return times
    times.push(next)
  }
  return times
}

describe("nextAttemptAt", () => {
  it("waits 5 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, then stops at 24 h", () => {
    const times = schedule()
    const delays = times.slice(1).map((time, i) => time - (times[i] ?? 0))
    expect(delays).toEqual([
      5 * second,
      60 * second,
      300 * second,
      0.5 * hour,
      2 * hour,
      5 * hour,
      10 * hour,
      86_400_000 - 63_365_000
    ])
    expect(times[times.length - 1]).toBe(retryWindowMillis)
  })

  it("gives up once the delivery is 24 h old, whatever the attempt count", () => {
    expect(nextAttemptAt(1, 0, retryWindowMillis)).toBeNull()
    expect(nextAttemptAt(1, 1_000, retryWindowMillis)).toBe(retryWindowMillis + 1_000)
    expect(nextAttemptAt(30, 0, 23 * hour)).toBe(retryWindowMillis)
  })
})
