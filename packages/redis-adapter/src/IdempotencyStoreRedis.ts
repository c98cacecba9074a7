/**
 * IdempotencyStore on Redis: one hash per key under `<prefix>idem:` (the
 * request's fingerprint `fp`, the sealed answer `sealed` once kept, the
 * expiry `exp`), so that every server process on the Redis server shares
 * the kept answers. Each step is one Lua script, atomic on the server.
 *
 * Expiry follows the caller's Clock (`exp`, compared in the script), as in
 * the SQL store; PEXPIRE only collects the hashes afterwards, and a sorted
 * set of hashes by expiry lets `sweep` count and delete the expired ones.
 * The sweep script touches keys it read from that set, which needs a single
 * Redis server (not Redis Cluster), as the rest of the deployment does.
 *
 * While Redis is unreachable a keyed request fails (500, not kept) instead
 * of running without protection against running twice.
 */
import { BeginOutcome, IdempotencyStore } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { evalScript, RedisConnection, script } from "./Redis.js"

/** KEYS[1] the record, KEYS[2] the expiry index; ARGV now, fingerprint, pending-until, TTL in ms. */
const beginScript = script(`
local rec = redis.call('HMGET', KEYS[1], 'fp', 'sealed', 'exp')
local exp = tonumber(rec[3])
if exp == nil or exp <= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'fp', ARGV[2], 'exp', ARGV[3], 'ttl', ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1])
  return {'Started'}
end
if rec[1] ~= ARGV[2] then return {'Mismatch'} end
if not rec[2] then return {'InUse'} end
return {'Replay', rec[2]}
`)

/**
 * KEYS[1] the record, KEYS[2] the index; ARGV fingerprint, sealed, expiry,
 * time to keep in ms (from the caller's clock at the start, never shorter
 * than the logical expiry).
 */
const completeScript = script(`
local rec = redis.call('HMGET', KEYS[1], 'fp', 'sealed')
if rec[1] ~= ARGV[1] or rec[2] then return 0 end
redis.call('HSET', KEYS[1], 'sealed', ARGV[2], 'exp', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1])
return 1
`)

/** KEYS[1] the record, KEYS[2] the index; ARGV fingerprint. */
const releaseScript = script(`
local rec = redis.call('HMGET', KEYS[1], 'fp', 'sealed')
if rec[1] ~= ARGV[1] or rec[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], KEYS[1])
return 1
`)

/** KEYS[1] the index; ARGV now. A record begun again since has a later score and is not due. */
const sweepScript = script(`
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local deleted = 0
for _, key in ipairs(due) do
  local exp = tonumber(redis.call('HGET', key, 'exp'))
  if exp ~= nil and exp <= tonumber(ARGV[1]) then deleted = deleted + redis.call('DEL', key) end
end
if #due > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1]) end
return deleted
`)

const Outcome = Schema.Union(
  Schema.Tuple(Schema.Literal("Started", "InUse", "Mismatch")),
  Schema.Tuple(Schema.Literal("Replay"), Schema.String)
)
const decodeOutcome = Schema.decodeUnknown(Outcome)
const decodeCount = Schema.decodeUnknown(Schema.Number)

/** How long Redis keeps a completed record: 24 hours and a margin, past any logical expiry. */
const keepMillis = String(25 * 60 * 60 * 1000)

export const make = Effect.gen(function*() {
  const connection = yield* RedisConnection
  const prefix = `${connection.keyPrefix}idem:`
  const index = `${connection.keyPrefix}idem-expiry`
  const run = (lua: typeof beginScript, keys: Array<string>, args: Array<string>) =>
    Effect.orDie(evalScript(connection, lua, keys, args))

  return IdempotencyStore.of({
    begin: ({ fingerprint, keyHash, now, pendingUntil }) =>
      run(beginScript, [prefix + keyHash, index], [
        String(now),
        fingerprint,
        String(pendingUntil),
        String(Math.max(1, pendingUntil - now))
      ]).pipe(
        Effect.flatMap((reply) => Effect.orDie(decodeOutcome(reply))),
        Effect.map((reply) =>
          reply[0] === "Replay"
            ? BeginOutcome.Replay({ sealed: reply[1] })
            : reply[0] === "Started"
            ? BeginOutcome.Started()
            : reply[0] === "InUse"
            ? BeginOutcome.InUse()
            : BeginOutcome.Mismatch()
        )
      ),
    complete: (keyHash, fingerprint, sealed, expiresAt) =>
      Effect.asVoid(
        run(completeScript, [prefix + keyHash, index], [fingerprint, sealed, String(expiresAt), keepMillis])
      ),
    release: (keyHash, fingerprint) => Effect.asVoid(run(releaseScript, [prefix + keyHash, index], [fingerprint])),
    sweep: (now) =>
      run(sweepScript, [index], [String(now)]).pipe(Effect.flatMap((reply) => Effect.orDie(decodeCount(reply))))
  })
})

export const layer = Layer.effect(IdempotencyStore, make)
