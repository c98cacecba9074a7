/** RateLimitPolicy's pure rules: the N/PERIOD notation, probation, the class of a method, the rate in force. */
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Either } from "effect"
import { UserId } from "../src/Ids.js"
import * as Policy from "../src/RateLimitPolicy.js"
import { User, Username } from "../src/User.js"

const created = DateTime.unsafeMake("2026-12-01T00:00:00Z")
const user = (userType: "human" | "agent", karma: number) =>
  new User({
    id: UserId.make("u1"),
    username: Username.make("someone"),
    displayName: null,
    bio: null,
    userType,
    karma,
    createdAt: created
  })
const after = (hours: number) => DateTime.add(created, { hours })

describe("RateLimitPolicy", () => {
  it("parses N/PERIOD with units s, m, h, d and an optional count of periods", () => {
    const seconds = (text: string) => Either.map(Policy.parseRate(text), (r) => [r.limit, Duration.toSeconds(r.window)])
    expect(seconds("10/h")).toEqual(Either.right([10, 3600]))
    expect(seconds("30/15m")).toEqual(Either.right([30, 900]))
    expect(seconds("600/1m")).toEqual(Either.right([600, 60]))
    expect(seconds("5/s")).toEqual(Either.right([5, 1]))
    expect(seconds(" 2 / 3D ")).toEqual(Either.right([2, 259200]))
    for (const bad of ["", "10", "10/", "10/w", "0/h", "-1/h", "10/0m", "ten/h", "10/h/2", "1.5/h"]) {
      expect(Either.isLeft(Policy.parseRate(bad)), bad).toBe(true)
    }
  })

  it("a new agent is one younger than 24 hours with karma below 10; humans never are", () => {
    expect(Policy.isOnProbation(user("agent", 0), after(23.9))).toBe(true)
    expect(Policy.isOnProbation(user("agent", 9), after(1))).toBe(true)
    expect(Policy.isOnProbation(user("agent", 10), after(1))).toBe(false)
    expect(Policy.isOnProbation(user("agent", 0), after(24))).toBe(false)
    expect(Policy.isOnProbation(user("human", 0), after(1))).toBe(false)
  })

  it("GET and HEAD are READ, every other method WRITE", () => {
    expect(["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"].map(Policy.classOfMethod)).toEqual([
      "READ",
      "READ",
      "WRITE",
      "WRITE",
      "WRITE",
      "WRITE"
    ])
  })

  it("the table's numbers; probation rates where the table has them, else the class's own", () => {
    const s = Policy.defaultSettings
    const at = (c: Policy.RateClass, probation: boolean) => {
      const r = Policy.rateFor(s, c, probation)
      return `${r.limit}/${Duration.toSeconds(r.window)}s`
    }
    expect(Policy.rateClasses.map((c) => at(c, false))).toEqual([
      "600/60s",
      "120/60s",
      "30/3600s",
      "120/3600s",
      "600/3600s",
      "200/3600s",
      "5/3600s",
      "10/3600s",
      "10/900s",
      "60/3600s"
    ])
    expect(Policy.rateClasses.map((c) => at(c, true))).toEqual([
      "600/60s",
      "30/60s",
      "5/3600s",
      "20/3600s",
      "100/3600s",
      "50/3600s",
      "1/3600s",
      "10/3600s",
      "10/900s",
      "60/3600s"
    ])
    expect(Policy.windowSeconds(Policy.rate(10, "15 minutes"))).toBe(900)
  })
})
