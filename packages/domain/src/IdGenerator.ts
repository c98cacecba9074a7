/**
 * Port for new ids. The default makes time-ordered UUIDs (version 7) from
 * Effect's Clock and Random, so ids sort by creation time (to the
 * millisecond; ids of one millisecond are in random order) and tests with
 * TestClock/TestRandom stay deterministic.
 */
import { Clock, Context, Effect, Layer, Random } from "effect"

export class IdGenerator extends Context.Tag("@holonet/domain/IdGenerator")<IdGenerator, {
  readonly next: Effect.Effect<string>
}>() {}

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0")

const randomBits = (bits: number) => Random.nextIntBetween(0, 2 ** bits)

/** UUIDv7: 48-bit millisecond time, version, 74 random bits, RFC 4122 variant. */
export const uuidV7: Effect.Effect<string> = Effect.gen(function*() {
  const millis = yield* Clock.currentTimeMillis
  const randA = yield* randomBits(12)
  const randB1 = yield* randomBits(14)
  const randB2 = yield* randomBits(24)
  const randB3 = yield* randomBits(24)
  const time = hex(millis % 2 ** 48, 12)
  const variant = hex(0x8000 | randB1, 4)
  const tail = hex(randB2, 6) + hex(randB3, 6)
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(randA, 3)}-${variant}-${tail}`
})

export const IdGeneratorUuidV7: Layer.Layer<IdGenerator> = Layer.succeed(IdGenerator, { next: uuidV7 })
