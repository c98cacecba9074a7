/**
 * How the openai-SDK adapter fails, against the fake provider on 127.0.0.1:
 * Retry-After honoured and capped (a rate limit says when to come back), 5xx and unreachable servers retried up to
 * `maxAttempts`, 401 neither retried nor quoting the key, timeouts and
 * interruption aborting the HTTP request.
 */
import { AiRateLimited, AiTimeout, AiUnavailable } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber } from "effect"
import type { AiCallOptions } from "../src/OpenAiLanguageModel.js"
import { ask, azure, compatible, completion, eventually, failure, quick, startFake, withModel } from "./FakeProvider.js"

describe("OpenAiLanguageModel failures on Azure OpenAI", () => {
  it.live("429 with Retry-After: 1 is retried after a second, then succeeds", () =>
    Effect.gen(function*() {
      const fake = yield* startFake((_, index) =>
        index === 0 ? failure(429, { "retry-after": "1" }) : completion("finally")
      )
      const [elapsed, result] = yield* withModel(azure(fake), quick, (model) => model.complete(ask("fast"))).pipe(
        Effect.timed
      )
      expect(result.text).toBe("finally")
      expect(fake.seen).toHaveLength(2)
      expect(Duration.toMillis(elapsed)).toBeGreaterThanOrEqual(950)
      expect(result.latencyMillis).toBeGreaterThanOrEqual(950)
    }).pipe(Effect.scoped))

  it.live("429 on every attempt ends in AiRateLimited with the provider's Retry-After", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => failure(429, { "retry-after-ms": "20", "retry-after": "1" }))
      const error = yield* withModel(azure(fake), { ...quick, maxAttempts: 2 }, (model) => model.complete(ask("chat")))
        .pipe(
          Effect.flip
        )
      expect(error).toEqual(new AiRateLimited({ retryAfterSeconds: 1 }))
      expect(fake.seen).toHaveLength(2)
    }).pipe(Effect.scoped))

  it.live("a Retry-After longer than maxRetryDelay gives up at once", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => failure(429, { "retry-after": "120" }))
      const error = yield* withModel(azure(fake), { ...quick, maxRetryDelay: "5 seconds" }, (model) =>
        model.complete(ask("chat")))
        .pipe(Effect.flip)
      expect(error).toEqual(new AiRateLimited({ retryAfterSeconds: 120 }))
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("429 without Retry-After on the last attempt says to come back after the next backoff", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => failure(429))
      const options: AiCallOptions = { ...quick, maxAttempts: 1, retryBaseDelay: "2 seconds" }
      const error = yield* withModel(azure(fake), options, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      // 2 seconds ±20%, rounded up: not the 1 second a bare 429 would suggest.
      expect(error).toBeInstanceOf(AiRateLimited)
      expect(error).toSatisfy((e: AiRateLimited) => e.retryAfterSeconds === 2 || e.retryAfterSeconds === 3)
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("500 three times is AiUnavailable with the status after three attempts", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => failure(500))
      const error = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      expect(error).toBeInstanceOf(AiUnavailable)
      expect(error).toMatchObject({ _tag: "AiUnavailable", status: 500 })
      expect(fake.seen).toHaveLength(3)
    }).pipe(Effect.scoped))

  it.live("500 then success is retried transparently", () =>
    Effect.gen(function*() {
      const fake = yield* startFake((_, index) => index < 2 ? failure(503) : completion("back"))
      const result = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat")))
      expect(result.text).toBe("back")
      expect(fake.seen).toHaveLength(3)
    }).pipe(Effect.scoped))

  it.live("401 is not retried and the error carries neither the key nor the provider's text", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => ({
        status: 401,
        json: {
          error: {
            message: "Incorrect API key provided: azure-secret-key",
            type: "invalid_request_error",
            code: "invalid_api_key"
          }
        }
      }))
      const error = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      expect(error).toEqual(new AiUnavailable({ reason: "the provider refused the credentials", status: 401 }))
      expect(JSON.stringify(error)).not.toContain("azure-secret-key")
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("a provider that never answers is AiTimeout, and the HTTP request is aborted", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => "hang")
      const error = yield* withModel(azure(fake), { ...quick, timeout: "200 millis" }, (model) =>
        model.complete(ask("chat"))).pipe(
          Effect.flip
        )
      expect(error).toEqual(new AiTimeout({ afterMillis: 200 }))
      yield* eventually(() =>
        fake.aborted === 1
      )
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("interrupting the caller aborts the HTTP request", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => "hang")
      const fiber = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.fork)
      yield* eventually(() => fake.seen.length === 1)
      yield* Fiber.interrupt(fiber)
      yield* eventually(() => fake.aborted === 1)
    }).pipe(Effect.scoped))
})

describe("OpenAiLanguageModel failures on an OpenAI-compatible server", () => {
  it.live("a server that is down is AiUnavailable after the retries", () =>
    Effect.gen(function*() {
      // Take a free port, then close it: nothing listens there.
      const fake = yield* startFake(() => completion("unused")).pipe(Effect.scoped)
      const error = yield* withModel(compatible(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "AiUnavailable" })
      expect(error.message).toContain("cannot reach the provider")
    }))
})
