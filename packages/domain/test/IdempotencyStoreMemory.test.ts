/** The IdempotencyStore contract suite, run against the in-memory store. */
import { idempotencyStoreContract } from "../contracts/index.js"
import { IdempotencyStoreMemory } from "../src/testing.js"

idempotencyStoreContract("memory", IdempotencyStoreMemory.layer)
