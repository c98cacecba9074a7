/**
 * IdGenerator making time-ordered UUIDs (version 7) from Effect's Clock and
 * Random, so ids sort by creation time and tests with TestClock/TestRandom
 * stay deterministic. Within one millisecond a 12-bit counter (RFC 9562,
 * method 1) keeps them increasing too, so "ties by id" in every list follow
 * the order things happened in this process.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import { IdGenerator } from "./IdGenerator.js"

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0")

const randomBits = (bits: number) => Random.nextIntBetween(0, 2 ** bits)

const counterMax = 0xfff

/**
 * A UUIDv7 source: 48-bit millisecond time, version, a 12-bit counter,
 * RFC 4122 variant, 62 random bits. A new millisecond starts the counter at
 * a random value in its lower half (leaving room to count up); when the
 * counter runs out, or the clock steps back, the time field moves on by one
 * millisecond rather than break the order.
 */
export const make: Effect.Effect<Context.Tag.Service<IdGenerator>> = Effect.map(
  Ref.make({ millis: -1, counter: 0 }),
  (last) =>
    IdGenerator.of({
      next: Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const start = yield* randomBits(11)
        const { counter, millis } = yield* Ref.updateAndGet(last, (previous) =>
          now > previous.millis
            ? { millis: now, counter: start }
            : previous.counter < counterMax
            ? { millis: previous.millis, counter: previous.counter + 1 }
            : { millis: previous.millis + 1, counter: start })
        const randB1 = yield* randomBits(14)
        const randB2 = yield* randomBits(24)
        const randB3 = yield* randomBits(24)
        const time = hex(millis % 2 ** 48, 12)
        const variant = hex(0x8000 | randB1, 4)
        const tail = hex(randB2, 6) + hex(randB3, 6)
        return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(counter, 3)}-${variant}-${tail}`
      })
    })
)

export const layer: Layer.Layer<IdGenerator> = Layer.effect(IdGenerator, make)
