/**
 * `@holonet/redis-adapter/testing`: a key prefix of its own per test on the
 * Redis server named by `REDIS_URL` (by default the local one), its keys
 * deleted when the test ends, for the adapter's suites and the server's.
 */
export * as TempRedis from "./TempRedis.js"
