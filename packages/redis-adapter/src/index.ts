/**
 * `@holonet/redis-adapter`: shared state on Redis (ioredis), for running
 * many server processes: the connection every Redis adapter shares
 * (`Redis.layer({ url })`), the RateLimiter port (`RateLimiterRedis.layer`) and
 * the IdempotencyStore port (`IdempotencyStoreRedis.layer`).
 */
export * as IdempotencyStoreRedis from "./IdempotencyStoreRedis.js"
export * as RateLimiterRedis from "./RateLimiterRedis.js"
export * as Redis from "./Redis.js"
