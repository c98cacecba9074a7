/**
 * `@holonet/redis-adapter`: shared state on Redis (ioredis), for running
 * many server processes: the connection every Redis adapter shares
 * (`Redis.layer({ url })`) and the RateLimiter port (`RateLimiterRedis.layer`).
 */
export * as RateLimiterRedis from "./RateLimiterRedis.js"
export * as Redis from "./Redis.js"
