/**
 * `X-Request-Id` on every answer: generated when the request has none, echoed
 * when it is a sane token, replaced when it is not; allowed and exposed by CORS.
 */
import { HttpClientRequest } from "@effect/platform"
import { Readiness } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { requestIdFrom } from "../src/RequestId.js"
import { type Reply, send } from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const withId = (id: string) => HttpClientRequest.setHeader("x-request-id", id)

const idOf = (reply: Reply) => reply.headers["x-request-id"]

describe("requestIdFrom", () => {
  it("keeps a short token of letters, digits and . _ : -", () => {
    for (const id of ["a", "req-42", "trace.1:span_2-X", "x".repeat(128)]) expect(requestIdFrom(id)).toBe(id)
  })

  it("replaces anything else with a fresh UUID", () => {
    const hostile = [
      "",
      "x".repeat(129),
      "two words",
      "abc\r\nSet-Cookie: session=1",
      "abc\nx",
      "tab\there",
      "a,b",
      "<script>",
      "caf\u00e9",
      "nul\u0000"
    ]
    for (const id of hostile) expect(requestIdFrom(id)).toMatch(uuidV4)
    expect(requestIdFrom(undefined)).toMatch(uuidV4)
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined))
  })
})

describe("X-Request-Id", () => {
  it.effect("generated when the request has none: a new UUID per request", () =>
    Effect.gen(function*() {
      const first = idOf(yield* send(HttpClientRequest.get("/health")))
      const second = idOf(yield* send(HttpClientRequest.get("/health")))
      expect(first).toMatch(uuidV4)
      expect(second).toMatch(uuidV4)
      expect(first).not.toBe(second)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("echoed when sane, replaced when too long or not a plain token", () =>
    Effect.gen(function*() {
      for (const id of ["req-42", "trace.1:span_2-X", "x".repeat(128)]) {
        expect(idOf(yield* send(HttpClientRequest.get("/health").pipe(withId(id))))).toBe(id)
      }
      for (const id of ["x".repeat(129), "two words", "a,b", "<script>alert(1)</script>", "id;drop"]) {
        const reply = yield* send(HttpClientRequest.get("/health").pipe(withId(id)))
        expect(reply.status).toBe(200)
        expect(idOf(reply)).toMatch(uuidV4)
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("on every kind of answer: 2xx, 401, 404, 413, 415, 422, CORS preflight", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [number, HttpClientRequest.HttpClientRequest]> = [
        [200, HttpClientRequest.get("/api/posts?limit=5")],
        [
          201,
          HttpClientRequest.post("/api/users").pipe(
            HttpClientRequest.bodyUnsafeJson({ username: "alice", password: "password123" })
          )
        ],
        [401, HttpClientRequest.get("/api/users/me")],
        [401, HttpClientRequest.get("/api/users/me").pipe(HttpClientRequest.bearerToken("not-a-token"))],
        [404, HttpClientRequest.get("/api/no-such-route")],
        [404, HttpClientRequest.get("/api/posts/00000000-0000-7000-8000-000000000000")],
        [
          413,
          HttpClientRequest.post("/api/users").pipe(HttpClientRequest.bodyText("x".repeat(4096), "application/json"))
        ],
        [415, HttpClientRequest.post("/api/users").pipe(HttpClientRequest.bodyText("x", "text/plain"))],
        [422, HttpClientRequest.post("/api/users").pipe(HttpClientRequest.bodyUnsafeJson({}))],
        [422, HttpClientRequest.get("/api/posts?limit=many")],
        [422, HttpClientRequest.post("/api/users").pipe(HttpClientRequest.bodyText("{not json", "application/json"))],
        [
          204,
          HttpClientRequest.options("/api/posts").pipe(HttpClientRequest.setHeaders({
            origin: "http://localhost:3000",
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization,x-request-id"
          }))
        ]
      ]
      for (const [i, [status, request]] of cases.entries()) {
        const generated = yield* send(request)
        expect({ url: request.url, status: generated.status }).toEqual({ url: request.url, status })
        expect(idOf(generated)).toMatch(uuidV4)
        const id = `case-${i}`
        const echoed = yield* send(request.pipe(withId(id)))
        expect({ url: request.url, status: echoed.status }).toEqual({
          url: request.url,
          status: status === 201 ? 409 : status
        })
        expect(idOf(echoed)).toBe(id)
      }
    }).pipe(Effect.provide(TestServer.layer({ maxBodyBytes: 1024 }))))

  it.effect("on the bare 500 of a defect", () =>
    Effect.gen(function*() {
      const reply = yield* send(HttpClientRequest.get("/health/ready").pipe(withId("defect-1")))
      expect(reply.status).toBe(500)
      expect(idOf(reply)).toBe("defect-1")
    }).pipe(Effect.provide(TestServer.layer({
      readiness: Layer.succeed(Readiness, { check: Effect.die(new Error("boom")) })
    }))))

  it.effect("CORS lets browsers send it and read it", () =>
    Effect.gen(function*() {
      const preflight = yield* send(
        HttpClientRequest.options("/api/posts").pipe(HttpClientRequest.setHeaders({
          origin: "http://localhost:3000",
          "access-control-request-method": "GET",
          "access-control-request-headers": "x-request-id"
        }))
      )
      expect(preflight.headers["access-control-allow-headers"]?.toLowerCase()).toContain("x-request-id")
      const simple = yield* send(
        HttpClientRequest.get("/api/posts").pipe(HttpClientRequest.setHeader("origin", "http://localhost:3000"))
      )
      expect(simple.headers["access-control-expose-headers"]?.toLowerCase()).toContain("x-request-id")
      expect(idOf(simple)).toMatch(uuidV4)
    }).pipe(Effect.provide(TestServer.layer())))
})
