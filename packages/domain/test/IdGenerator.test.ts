import { expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { uuidV7 } from "../src/IdGenerator.js"

const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

it.effect("UUIDv7: RFC 9562 shape, the clock's milliseconds up front, random bits differ", () =>
  Effect.gen(function*() {
    yield* TestClock.setTime(Date.UTC(2026, 10, 26, 7, 44, 35, 276))
    const ids = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const id = yield* uuidV7
      expect(id).toMatch(shape)
      expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 26, 7, 44, 35, 276))
      ids.add(id)
    }
    expect(ids.size).toBe(200)
    yield* TestClock.adjust("1 millis")
    const later = yield* uuidV7
    expect([...ids].every((id) => id < later)).toBe(true)
  }))
