/**
 * Idempotent retries that meet the rest of the request's life, on the
 * in-memory domain: a retry while the first request still runs is 409
 * idempotency_key_in_use (the first is held by a gated password hasher, no
 * sleeps); 5xx and 429 answers are not kept, so the retry runs again; a
 * retried agent registration returns the same agent and API key instead of
 * a 409; anonymous callers are told apart by their address.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { AiUnavailable, PasswordHasher } from "@holonet/domain"
import { LanguageModelScripted, PasswordHasherFake } from "@holonet/domain/testing"
import { replayedHeader, sendKeyed, TestServer } from "@holonet/http-adapter/testing"
import { Context, Deferred, Effect, Fiber, Layer, Redacted, TestClock } from "effect"
import { limits } from "./AgentsSetup.js"
import { createChannel, errorBody, get, patchJson, postJson, send, signUp, str } from "./Http.js"

/** The password whose hashing is held (the server also hashes a decoy at start-up). */
const gatedPassword = "held-password-123"

/** A hasher that holds the first hash of `gatedPassword` until `release`, after telling `entered` it has started. */
const gatedHasher = (entered: Deferred.Deferred<void>, release: Deferred.Deferred<void>) =>
  Layer.effect(
    PasswordHasher,
    Effect.map(Layer.build(PasswordHasherFake.layer), (context) => {
      const fake = Context.get(context, PasswordHasher)
      let held = 0
      return PasswordHasher.of({
        hash: (secret) =>
          Effect.suspend(() => {
            if (Redacted.value(secret) !== gatedPassword) return fake.hash(secret)
            held += 1
            return held === 1
              ? Effect.zipRight(
                Effect.zipRight(Deferred.succeed(entered, undefined), Deferred.await(release)),
                fake.hash(secret)
              )
              : fake.hash(secret)
          }),
        verify: fake.verify
      })
    })
  ).pipe(Layer.provide(Layer.scope))

describe("Idempotency-Key retries", () => {
  it.effect("while the first request runs: 409 idempotency_key_in_use; once done, the retry replays it", () =>
    Effect.gen(function*() {
      const entered = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      yield* Effect.gen(function*() {
        const signup = { username: "dora", password: gatedPassword }
        const first = yield* Effect.fork(sendKeyed("POST", "/api/users", "signup-1", signup))
        yield* Deferred.await(entered)
        const during = yield* sendKeyed("POST", "/api/users", "signup-1", signup)
        expect(during.status).toBe(409)
        expect(during.body).toEqual(errorBody(
          "A request with this Idempotency-Key is still being processed; retry later",
          "idempotency_key_in_use"
        ))
        const different = yield* sendKeyed("POST", "/api/users", "signup-1", { ...signup, username: "dorb" })
        expect(different.status).toBe(422)
        yield* Deferred.succeed(release, undefined)
        const done = yield* Fiber.join(first)
        expect(done.status, done.text).toBe(201)
        const retried = yield* sendKeyed("POST", "/api/users", "signup-1", signup)
        expect(retried.status).toBe(201)
        expect(retried.headers[replayedHeader]).toBe("true")
        expect(retried.text).toBe(done.text)
        expect((yield* get("/api/users/dorb")).status).toBe(404)
      }).pipe(Effect.provide(TestServer.layer({ passwordHasher: gatedHasher(entered, release) })))
    }))

  it.effect("a 5xx answer is not kept: the retry runs again and its answer is kept", () =>
    Effect.gen(function*() {
      const owner = yield* signUp("owner")
      expect((yield* postJson("/api/agents", { username: "scribe" }, owner.token)).status).toBe(201)
      expect((yield* patchJson("/api/agents/scribe", { is_hosted: true }, owner.token)).status).toBe(200)
      yield* createChannel(owner.token, "general")
      const write = sendKeyed("POST", "/api/agents/scribe/posts", "hosted-1", { channel: "general" }, owner.token)
      const failed = yield* write
      expect(failed.status, failed.text).toBe(502)
      const ran = yield* write
      expect(ran.status, ran.text).toBe(201)
      expect(ran.headers[replayedHeader]).toBeUndefined()
      const replayed = yield* write
      expect(replayed.headers[replayedHeader]).toBe("true")
      expect(replayed.text).toBe(ran.text)
    }).pipe(Effect.provide(TestServer.layer({
      languageModel: LanguageModelScripted.layer([
        new AiUnavailable({ reason: "down" }),
        `{"title":"Steeped","content":"Leaves unfold."}`,
        `{"allowed":true,"reason":"ok"}`
      ])
    }))))

  it.effect("a 429 answer is not kept: after the window the retry registers the agent", () =>
    Effect.gen(function*() {
      expect((yield* sendKeyed("POST", "/api/agents", "reg-1", { username: "first-bot" })).status).toBe(201)
      const limited = yield* sendKeyed("POST", "/api/agents", "reg-2", { username: "second-bot" })
      expect(limited.status).toBe(429)
      yield* TestClock.adjust("1 hour")
      const retried = yield* sendKeyed("POST", "/api/agents", "reg-2", { username: "second-bot" })
      expect(retried.status, retried.text).toBe(201)
      expect(retried.headers[replayedHeader]).toBeUndefined()
      expect((yield* get("/api/agents/second-bot")).status).toBe(200)
    }).pipe(Effect.provide(TestServer.layer(limits(1, 25)))))

  it.effect("a retried agent registration returns the same agent and API key, not a 409", () =>
    Effect.gen(function*() {
      const first = yield* sendKeyed("POST", "/api/agents", "agent-reg", { username: "scout" })
      expect(first.status, first.text).toBe(201)
      const apiKey = str(first, "api_key")
      const retried = yield* sendKeyed("POST", "/api/agents", "agent-reg", { username: "scout" })
      expect(retried.status).toBe(201)
      expect(retried.headers[replayedHeader]).toBe("true")
      expect(str(retried, "api_key")).toBe(apiKey)
      expect(retried.text).toBe(first.text)
      // Without the key the same registration is the usual 409, and the key still works.
      expect((yield* postJson("/api/agents", { username: "scout" })).status).toBe(409)
      const me = yield* get("/api/agents/me", apiKey)
      expect(me.status).toBe(200)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("anonymous callers are told apart by their address (behind a trusted proxy)", () =>
    Effect.gen(function*() {
      const from = (address: string, username: string) =>
        send(
          HttpClientRequest.post("/api/agents").pipe(
            HttpClientRequest.bodyUnsafeJson({ username }),
            HttpClientRequest.setHeader("x-forwarded-for", address),
            HttpClientRequest.setHeader("idempotency-key", "same-key")
          )
        )
      expect((yield* from("198.51.100.1", "north-bot")).status).toBe(201)
      const other = yield* from("198.51.100.2", "south-bot")
      expect(other.status, other.text).toBe(201)
      expect(other.headers[replayedHeader]).toBeUndefined()
      expect((yield* from("198.51.100.1", "south-bot")).status).toBe(422)
    }).pipe(Effect.provide(TestServer.layer({ trustProxy: true }))))
})
