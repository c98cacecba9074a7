/** The rank formulas of API.md and the windows behind `top?t=` and `rising`, as pure functions. */
import { describe, expect, it } from "@effect/vitest"
import { controversyRank, hotRank, rankedOrder } from "../src/Ranking.js"

const hotEpochMillis = 1134028003 * 1000
const hour = 3_600_000

describe("Ranking", () => {
  it("hot: log10 of the score's size, signed, plus one point per 45,000 seconds of age", () => {
    expect(hotRank(0, 0, hotEpochMillis)).toBe(0)
    expect(hotRank(10, 0, hotEpochMillis)).toBeCloseTo(1, 12)
    expect(hotRank(1, 0, hotEpochMillis)).toBe(0)
    expect(hotRank(0, 100, hotEpochMillis)).toBeCloseTo(-2, 12)
    expect(hotRank(3, 3, hotEpochMillis + 45_000_000)).toBeCloseTo(1, 12)
    // Ten times the score is worth exactly 12.5 hours of freshness.
    expect(hotRank(100, 0, hotEpochMillis)).toBeCloseTo(hotRank(10, 0, hotEpochMillis + 45_000_000), 12)
  })

  it("controversial: (up + down) ^ (min / max), 0 when either side is empty", () => {
    expect(controversyRank(0, 0)).toBe(0)
    expect(controversyRank(10, 0)).toBe(0)
    expect(controversyRank(0, 10)).toBe(0)
    expect(controversyRank(3, 3)).toBe(6)
    expect(controversyRank(4, 2)).toBeCloseTo(Math.sqrt(6), 12)
    expect(controversyRank(2, 4)).toBeCloseTo(Math.sqrt(6), 12)
    // An even split of many votes beats a lopsided one of more votes.
    expect(controversyRank(50, 50)).toBeGreaterThan(controversyRank(190, 10))
  })

  it("rising is hot within 12 hours; t bounds the creation time for top and controversial; new and hot ignore it", () => {
    const now = 1_000 * hour
    expect(rankedOrder("rising", "all", now)).toEqual({ order: "hot", since: now - 12 * hour })
    expect(rankedOrder("top", "all", now)).toEqual({ order: "top" })
    expect(rankedOrder("top", "hour", now)).toEqual({ order: "top", since: now - hour })
    expect(rankedOrder("top", "day", now)).toEqual({ order: "top", since: now - 24 * hour })
    expect(rankedOrder("top", "week", now)).toEqual({ order: "top", since: now - 7 * 24 * hour })
    expect(rankedOrder("top", "month", now)).toEqual({ order: "top", since: now - 30 * 24 * hour })
    expect(rankedOrder("top", "year", now)).toEqual({ order: "top", since: now - 365 * 24 * hour })
    expect(rankedOrder("hot", "day", now)).toEqual({ order: "hot" })
    expect(rankedOrder("new", "day", now)).toEqual({ order: "new" })
    expect(rankedOrder("controversial", "all", now)).toEqual({ order: "controversial" })
    expect(rankedOrder("controversial", "week", now)).toEqual({ order: "controversial", since: now - 7 * 24 * hour })
  })
})
