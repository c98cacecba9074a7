import { expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import * as IdGeneratorUuidV7 from "../src/IdGeneratorUuidV7.js"

const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const timeOf = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16)

it.effect("UUIDv7: RFC 9562 shape, the clock's milliseconds up front, increasing within a millisecond", () =>
  Effect.gen(function*() {
    const uuidV7 = (yield* IdGeneratorUuidV7.make).next
    const now = Date.UTC(2026, 10, 26, 7, 44, 35, 276)
    yield* TestClock.setTime(now)
    const ids: Array<string> = []
    for (let i = 0; i < 200; i++) {
      const id = yield* uuidV7
      expect(id).toMatch(shape)
      expect(timeOf(id)).toBe(now)
      ids.push(id)
    }
    expect(new Set(ids).size).toBe(200)
    expect([...ids].sort()).toEqual(ids)
    yield* TestClock.adjust("1 millis")
    const later = yield* uuidV7
    expect(timeOf(later)).toBe(now + 1)
    expect(ids.every((id) => id < later)).toBe(true)
  }))

it.effect("UUIDv7: a spent counter or a clock stepping back moves the time field on, never backwards", () =>
  Effect.gen(function*() {
    const uuidV7 = (yield* IdGeneratorUuidV7.make).next
    yield* TestClock.setTime(1_000_000)
    const ids: Array<string> = []
    // 4,096 ids in one millisecond are more than the counter holds.
    for (let i = 0; i < 5000; i++) ids.push(yield* uuidV7)
    expect([...ids].sort()).toEqual(ids)
    expect(timeOf(ids[ids.length - 1] ?? "")).toBeGreaterThan(1_000_000)
    yield* TestClock.setTime(500_000)
    const afterStepBack = yield* uuidV7
    expect(afterStepBack > (ids[ids.length - 1] ?? "")).toBe(true)
  }))
