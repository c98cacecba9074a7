/**
 * RateLimiter on Redis: the fixed windows of RateLimiterSql (a window starts
 * at a key's first hit, refused hits are counted too and change nothing),
 * kept in one hash per key under `<prefix>rl:` so that every server process
 * on the Redis server counts the same attempts. Each hit is one Lua script,
 * atomic on the server and one round trip: it starts a new window or counts
 * in the current one, and answers the count and the window's end.
 *
 * Time is the caller's Clock, as in RateLimiterSql, not the Redis server's:
 * the windows are then the same whichever store holds them, and TestClock
 * moves them in tests. The key expires with its window (PEXPIRE), so keys
 * seen once do not pile up and no sweep is needed. A peek is one HMGET.
 *
 * Why not a library's Redis limiter: @effect/experimental's RateLimiter/Redis
 * opens its own ioredis connection (no shared prefix, no fail-open), and its
 * "fixed-window" stretches the window's TTL with every token, and reads the
 * Redis server's time; rate-limiter-flexible's RateLimiterRedis reads the
 * wall clock too. Either would make the three stores answer differently and
 * leave the contract suite unable to move time; the Lua script below is the
 * same fixed window as the SQL and memory stores, in twelve lines.
 */
import { quotaAfter, RateLimited, RateLimiter } from "@holonet/domain"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { evalScript, RedisConnection, RedisError, script } from "./Redis.js"

/**
 * KEYS[1] the counter; ARGV now, the window's length and its end if it
 * starts now (epoch milliseconds, passed as the strings JavaScript wrote, so
 * Lua never formats a large number). An ended window and a missing key mean
 * the same: a new window with a count of one.
 */
const hitScript = script(`
local state = redis.call('HMGET', KEYS[1], 'end', 'count')
local windowEnd = tonumber(state[1])
if windowEnd == nil or windowEnd <= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'end', ARGV[3], 'count', 1)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, tonumber(ARGV[3])}
end
return {redis.call('HINCRBY', KEYS[1], 'count', 1), windowEnd}
`)

/** KEYS[1] the counter; ARGV now. The count and end of the current window, or {0, 0} when there is none. */
const peekScript = script(`
local state = redis.call('HMGET', KEYS[1], 'end', 'count')
local windowEnd = tonumber(state[1])
if windowEnd == nil or windowEnd <= tonumber(ARGV[1]) then
  return {0, 0}
end
return {tonumber(state[2]), windowEnd}
`)

const Reply = Schema.Tuple(Schema.Number, Schema.Number)

export const make = Effect.gen(function*() {
  const connection = yield* RedisConnection
  const prefix = `${connection.keyPrefix}rl:`
  let failingOpen = false

  /**
   * Redis down, slow or refusing: the hit passes. The limiter guards against
   * abuse, and the rest of the service works without Redis; dying here
   * instead would turn every limited request (every request, once limits
   * cover all routes) into a 500 for as long as Redis is away, an outage
   * caused by the part meant to protect availability. The connection fails
   * fast while down (no queue, 1 s command timeout), so passing costs no
   * wait. It is logged at error level when it starts and once more when
   * Redis answers again, not at every hit.
   */
  const failOpen = (error: RedisError) => {
    if (failingOpen) return Effect.void
    failingOpen = true
    return Effect.logError("Rate limiter store unavailable: letting hits through until Redis answers again").pipe(
      Effect.annotateLogs("error", error.message)
    )
  }

  const recovered = Effect.suspend(() => {
    if (!failingOpen) return Effect.void
    failingOpen = false
    return Effect.logInfo("Rate limiter store answers again: counting hits")
  })

  const run = (peek: boolean, key: string, now: number, length: number) =>
    (peek
      ? evalScript(connection, peekScript, [prefix + key], [String(now)])
      : evalScript(connection, hitScript, [prefix + key], [String(now), String(length), String(now + length)])).pipe(
        Effect.flatMap((reply) =>
          Schema.decodeUnknown(Reply)(reply).pipe(
            Effect.mapError(() =>
              new RedisError({ message: `unexpected reply to the rate limit script: ${JSON.stringify(reply)}` })
            )
          )
        )
      )

  return RateLimiter.of({
    hit: Effect.fnUntraced(function*(key, limit, window, options) {
      const now = yield* Clock.currentTimeMillis
      // PEXPIRE needs a whole, positive number of milliseconds.
      const length = Math.max(1, Math.ceil(Duration.toMillis(window)))
      const peek = options?.peek === true
      const reply = yield* Effect.either(run(peek, key, now, length))
      if (reply._tag === "Left") {
        yield* failOpen(reply.left)
        return { limit, remaining: limit, resetSeconds: Math.max(1, Math.ceil(length / 1000)) }
      }
      yield* recovered
      const [hits, windowEnd] = reply.right
      const answer = quotaAfter(hits, limit, windowEnd === 0 ? now + length : windowEnd, now, peek)
      if (answer.refused) return yield* new RateLimited({ retryAfterSeconds: answer.state.resetSeconds, limit })
      return answer.state
    })
  })
})

export const layer = Layer.effect(RateLimiter, make)
