/**
 * The access log: one line per request with method, path (no query), status,
 * duration, caller and request id as annotations; the caller found by both
 * bearer middlewares and never mixed up between concurrent requests.
 *
 * A line is written just after its response is sent, so the test may read
 * the response first: lines are awaited through a queue, never slept for.
 */
import { HttpClientRequest } from "@effect/platform"
import { Readiness, TokenIssuer } from "@holonet/domain"
import { TokenIssuerFake } from "@holonet/domain/testing"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Layer, Logger, Queue, Ref, Schema } from "effect"
import { postJson, type Reply, send, signUp } from "./Http.js"
import { TestServer, type TestServerOptions } from "@holonet/http-adapter/testing"

interface Line {
  readonly level: string
  readonly message: unknown
  readonly annotations: Readonly<Record<string, unknown>>
}

/** A server whose log is captured: access lines by request id, every other line in a list. */
const capturedServer = (options: TestServerOptions = {}) =>
  Effect.gen(function*() {
    const arrived = yield* Queue.unbounded<Line>()
    const access = new Map<unknown, Line>()
    const other: Array<Line> = []
    const logger = Logger.make((entry) => {
      const line = {
        level: entry.logLevel.label,
        message: entry.message,
        annotations: Object.fromEntries(entry.annotations)
      }
      if ("path" in line.annotations) Queue.unsafeOffer(arrived, line)
      else other.push(line)
    })
    /** The access line of the request with this id, once it is written. */
    const lineOf = (requestId: string) =>
      Effect.gen(function*() {
        while (!access.has(requestId)) {
          const line = yield* Queue.take(arrived)
          access.set(line.annotations["request_id"], line)
        }
        return access.get(requestId)
      })
    const layer = TestServer.layer({ accessLog: true, ...options }).pipe(
      Layer.provide(Logger.replace(Logger.defaultLogger, logger))
    )
    return { layer, lineOf, arrived, other }
  })

/**
 * Fake tokens whose check waits until `count` checks are under way: that many
 * requests are then in flight together, each between its start and the
 * moment its caller is known.
 */
const tokenIssuerGate = (count: number) =>
  Layer.effect(
    TokenIssuer,
    Effect.gen(function*() {
      const tokens = yield* TokenIssuer
      const started = yield* Ref.make(0)
      const allStarted = yield* Deferred.make<void>()
      return TokenIssuer.of({
        issue: tokens.issue,
        verify: (token) =>
          Ref.updateAndGet(started, (n) => n + 1).pipe(
            Effect.flatMap((n) => n >= count ? Deferred.succeed(allStarted, undefined) : Effect.void),
            Effect.zipRight(Deferred.await(allStarted)),
            Effect.zipRight(tokens.verify(token))
          )
      })
    })
  ).pipe(Layer.provide(TokenIssuerFake.layer))

const withId = (id: string) => HttpClientRequest.setHeader("x-request-id", id)

const bearer = (token: string | undefined) => (request: HttpClientRequest.HttpClientRequest) =>
  token === undefined ? request : HttpClientRequest.bearerToken(request, token)

const ApiKey = Schema.Struct({ api_key: Schema.String, agent: Schema.Struct({ id: Schema.String }) })

const expectStatus = (reply: Reply, status: number) => expect(reply.status, reply.text).toBe(status)

describe("access log", () => {
  it.effect("one INFO line: method, path without the query, status, duration, request id; anonymous has no principal", () =>
    Effect.gen(function*() {
      const server = yield* capturedServer()
      yield* Effect.gen(function*() {
        const reply = yield* send(HttpClientRequest.get("/api/search?q=my+secret+plans&limit=5"))
        expectStatus(reply, 200)
        const requestId = reply.headers["x-request-id"] ?? ""
        const line = yield* server.lineOf(requestId)
        expect(line?.level).toBe("INFO")
        expect(line?.annotations).toEqual({
          method: "GET",
          path: "/api/search",
          status: 200,
          duration_ms: expect.any(Number),
          request_id: requestId
        })
        expect(line?.annotations["duration_ms"]).toBeGreaterThanOrEqual(0)
        expect(JSON.stringify(line)).not.toContain("secret")

        const missing = yield* send(HttpClientRequest.post("/api/nowhere?token=abc").pipe(withId("not-found-1")))
        expectStatus(missing, 404)
        expect((yield* server.lineOf("not-found-1"))?.annotations).toMatchObject({
          method: "POST",
          path: "/api/nowhere",
          status: 404
        })
      }).pipe(Effect.provide(server.layer))
    }))

  it.effect("the principal is the authenticated caller, on required and on optional authentication", () =>
    Effect.gen(function*() {
      const server = yield* capturedServer()
      yield* Effect.gen(function*() {
        const alice = yield* signUp("alice")
        const principalOf = Effect.fnUntraced(
          function*(id: string, request: HttpClientRequest.HttpClientRequest, status: number) {
            expectStatus(yield* send(request.pipe(withId(id))), status)
            const line = yield* server.lineOf(id)
            expect(line?.annotations["status"]).toBe(status)
            return line?.annotations["principal_id"]
          }
        )

        // Authorization: a human's token, then an agent's API key.
        expect(yield* principalOf("me-1", HttpClientRequest.get("/api/users/me").pipe(bearer(alice.token)), 200)).toBe(
          alice.id
        )
        // OptionalAuthorization: a human registering an agent, then an anonymous registration.
        const owned = yield* postJson("/api/agents", { username: "owned-bot" }, alice.token)
        expectStatus(owned, 201)
        expect(yield* server.lineOf(owned.headers["x-request-id"] ?? "")).toMatchObject({
          annotations: { path: "/api/agents", status: 201, principal_id: alice.id }
        })
        const anonymous = yield* postJson("/api/agents", { username: "free-bot" })
        expectStatus(anonymous, 201)
        const agent = Schema.decodeUnknownSync(ApiKey)(anonymous.body)
        const anonymousLine = yield* server.lineOf(anonymous.headers["x-request-id"] ?? "")
        expect(anonymousLine?.annotations["status"]).toBe(201)
        expect(anonymousLine?.annotations).not.toHaveProperty("principal_id")
        expect(yield* principalOf("agent-1", HttpClientRequest.get("/api/agents/me").pipe(bearer(agent.api_key)), 200))
          .toBe(agent.agent.id)

        // Refused credentials name nobody.
        expect(yield* principalOf("bad-1", HttpClientRequest.get("/api/users/me").pipe(bearer("forged")), 401))
          .toBeUndefined()
        expect(yield* principalOf("anon-1", HttpClientRequest.get("/api/users/me"), 401)).toBeUndefined()
      }).pipe(Effect.provide(server.layer))
    }))

  it.effect("concurrent requests never see each other's caller", () =>
    Effect.gen(function*() {
      const server = yield* capturedServer({ tokenIssuer: tokenIssuerGate(48) })
      yield* Effect.gen(function*() {
        const users = yield* Effect.forEach(["user0", "user1", "user2", "user3"], signUp)
        // Every fifth caller is anonymous (401); the 48 others are all in flight at once.
        const callers = Array.from({ length: 60 }, (_, i) => ({ id: `burst-${i}`, user: users[i % 5] }))
        const statuses = yield* Effect.forEach(
          callers,
          ({ id, user }) =>
            Effect.map(send(HttpClientRequest.get("/api/users/me").pipe(withId(id), bearer(user?.token))), (r) =>
              r.status),
          { concurrency: "unbounded" }
        )
        expect(statuses.filter((s) =>
          s === 200
        )).toHaveLength(48)
        for (const { id, user } of callers) {
          const line = yield* server.lineOf(id)
          expect({ id, principal: line?.annotations["principal_id"] }).toEqual({ id, principal: user?.id })
        }
      }).pipe(Effect.provide(server.layer))
    }))

  it.effect("a 5xx is an ERROR line, and the defect's own log line carries the same request id", () =>
    Effect.gen(function*() {
      const server = yield* capturedServer({
        readiness: Layer.succeed(Readiness, { check: Effect.die(new Error("database on fire")) })
      })
      yield* Effect.gen(function*() {
        expectStatus(yield* send(HttpClientRequest.get("/health/ready").pipe(withId("fire-1"))), 500)
        const line = yield* server.lineOf("fire-1")
        expect(line?.level).toBe("ERROR")
        expect(line?.annotations).toMatchObject({ path: "/health/ready", status: 500 })
        const defect = server.other.find((l) => JSON.stringify(l.message).includes("Unhandled defect"))
        expect(defect?.annotations["request_id"]).toBe("fire-1")
      }).pipe(Effect.provide(server.layer))
    }))

  it.effect("with the access log off no line is written, and the id is still sent", () =>
    Effect.gen(function*() {
      const server = yield* capturedServer({ accessLog: false })
      const reply = yield* send(HttpClientRequest.get("/api/posts").pipe(withId("quiet-1"))).pipe(
        Effect.provide(server.layer)
      )
      expect(reply.headers["x-request-id"]).toBe("quiet-1")
      // The server has stopped, so a line would have been written by now.
      expect(yield* Queue.size(server.arrived)).toBe(0)
    }))
})
