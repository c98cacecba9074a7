/**
 * Tests share one Redis server: each build of `layer` (or each `keyPrefix`)
 * gets a prefix of its own, and every key under it is deleted when the scope
 * closes, so runs never see each other's keys and leave none behind.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type { Context, Scope } from "effect"
import { randomUUID } from "node:crypto"
import { Redis } from "@holonet/redis-adapter"

/** `REDIS_URL`, by default the local server. */
export const url: Redacted.Redacted = Redacted.make(process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379")

/** Runs `f` on a connection of its own to `url`, closed afterwards. */
const withConnection = <A>(
  f: (connection: Context.Tag.Service<Redis.RedisConnection>) => Effect.Effect<A, Redis.RedisError>
): Effect.Effect<A, Redis.RedisConnectError | Redis.RedisError> => Effect.scoped(Effect.flatMap(Redis.make({ url }), f))

/** Every key starting with `prefix` (a prefix from `keyPrefix`, free of glob characters). */
export const keysUnder = (prefix: string): Effect.Effect<Array<string>, Redis.RedisConnectError | Redis.RedisError> =>
  withConnection((connection) =>
    connection.use(async (client) => {
      const keys: Array<string> = []
      let cursor = "0"
      do {
        const [next, batch] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000)
        keys.push(...batch)
        cursor = next
      } while (cursor !== "0")
      return keys.sort()
    })
  )

const deleteUnder = (prefix: string) =>
  Effect.flatMap(keysUnder(prefix), (keys) =>
    keys.length === 0
      ? Effect.void
      : withConnection((connection) => connection.use((client) => client.del(...keys))))

/** A new key prefix; its keys are deleted when the scope closes. */
export const keyPrefix: Effect.Effect<string, never, Scope.Scope> = Effect.gen(function*() {
  const prefix = `holonet-test:${randomUUID()}:`
  yield* Effect.addFinalizer(() => Effect.orDie(deleteUnder(prefix)))
  return prefix
})

/** Redis.layer on `url` with a prefix of its own per build (see `keyPrefix`). */
export const layer: Layer.Layer<Redis.RedisConnection, Redis.RedisConnectError> = Layer.unwrapScoped(
  Effect.map(keyPrefix, (prefix) => Redis.layer({ url, keyPrefix: prefix }))
)
