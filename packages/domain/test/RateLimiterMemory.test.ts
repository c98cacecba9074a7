/** The RateLimiter contract suite, run against the in-memory limiter. */
import { RateLimiterMemory } from "../src/index.js"
import { rateLimiterContract } from "../contracts/index.js"

rateLimiterContract("memory", RateLimiterMemory.layer)
