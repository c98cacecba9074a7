/**
 * Cross-cutting HTTP behaviour, CORS: preflights and simple requests from
 * allowed and other origins, error answers included, several allowed origins,
 * and the wildcard, never with credentials; idempotent replays and the
 * idempotency check's own answers get the asking origin's headers.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { send } from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

describe("CORS", () => {
  const preflight = (origin: string, path = "/api/posts") =>
    send(
      HttpClientRequest.options(path).pipe(
        HttpClientRequest.setHeaders({
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type"
        })
      )
    )

  const neverWildcardWithCredentials = (headers: Readonly<Record<string, string>>) => {
    const wildcard = headers["access-control-allow-origin"] === "*"
    const credentials = headers["access-control-allow-credentials"] === "true"
    expect(wildcard && credentials).toBe(false)
  }

  it.effect("a preflight from an allowed origin echoes it; another origin gets no allow-origin", () =>
    Effect.gen(function*() {
      const allowed = yield* preflight("http://localhost:3000")
      expect(allowed.status).toBe(204)
      expect(allowed.headers["access-control-allow-origin"]).toBe("http://localhost:3000")
      expect(allowed.headers["access-control-allow-methods"]).toContain("PATCH")
      expect(allowed.headers["access-control-allow-headers"]?.toLowerCase()).toContain("authorization")
      neverWildcardWithCredentials(allowed.headers)

      const other = yield* preflight("http://evil.example")
      expect(other.headers["access-control-allow-origin"]).toBeUndefined()
      neverWildcardWithCredentials(other.headers)

      const simple = yield* send(
        HttpClientRequest.get("/api/posts").pipe(HttpClientRequest.setHeader("origin", "http://localhost:3000"))
      )
      expect(simple.status).toBe(200)
      expect(simple.headers["access-control-allow-origin"]).toBe("http://localhost:3000")
      expect(simple.headers["vary"]).toContain("Origin")
      const simpleOther = yield* send(
        HttpClientRequest.get("/api/posts").pipe(HttpClientRequest.setHeader("origin", "http://evil.example"))
      )
      expect(simpleOther.headers["access-control-allow-origin"]).toBeUndefined()
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("error answers (401, 404, 413, 415) also carry the allowed origin", () =>
    Effect.gen(function*() {
      const origin = HttpClientRequest.setHeader("origin", "http://localhost:3000")
      const replies = [
        yield* send(HttpClientRequest.get("/api/users/me").pipe(origin)),
        yield* send(HttpClientRequest.get("/api/nope").pipe(origin)),
        yield* send(
          HttpClientRequest.post("/api/users").pipe(
            origin,
            HttpClientRequest.bodyText("x".repeat(2 * 1024 * 1024), "application/json")
          )
        ),
        yield* send(HttpClientRequest.post("/api/users").pipe(origin, HttpClientRequest.bodyText("x", "text/plain")))
      ]
      expect(replies.map((r) => r.status)).toEqual([401, 404, 413, 415])
      for (const reply of replies) {
        expect(reply.headers["access-control-allow-origin"]).toBe("http://localhost:3000")
        neverWildcardWithCredentials(reply.headers)
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("with several allowed origins each is echoed only for itself", () =>
    Effect.gen(function*() {
      for (const origin of ["https://a.example", "https://b.example"]) {
        const reply = yield* preflight(origin)
        expect(reply.headers["access-control-allow-origin"]).toBe(origin)
        neverWildcardWithCredentials(reply.headers)
      }
      expect((yield* preflight("https://c.example")).headers["access-control-allow-origin"]).toBeUndefined()
    }).pipe(Effect.provide(TestServer.layer({ allowedOrigins: ["https://a.example", "https://b.example"] }))))

  it.effect("allowedOrigins [\"*\"] allows any origin but never with credentials", () =>
    Effect.gen(function*() {
      for (const origin of ["http://localhost:3000", "https://anything.example"]) {
        const reply = yield* preflight(origin)
        expect(reply.status).toBe(204)
        expect(reply.headers["access-control-allow-origin"]).toBeDefined()
        expect([origin, "*"]).toContain(reply.headers["access-control-allow-origin"])
        expect(reply.headers["access-control-allow-credentials"]).toBeUndefined()
        neverWildcardWithCredentials(reply.headers)
        const simple = yield* send(HttpClientRequest.get("/health").pipe(HttpClientRequest.setHeader("origin", origin)))
        expect(simple.headers["access-control-allow-credentials"]).toBeUndefined()
        neverWildcardWithCredentials(simple.headers)
      }
    }).pipe(Effect.provide(TestServer.layer({ allowedOrigins: ["*"] }))))

  it.effect("idempotent answers carry the asking origin's headers: a replay, and the key check's own 422", () =>
    Effect.gen(function*() {
      const keyed = (origin: string, name: string) =>
        send(
          HttpClientRequest.post("/api/users").pipe(
            HttpClientRequest.setHeaders({ origin, "idempotency-key": "cors-key" }),
            HttpClientRequest.bodyUnsafeJson({ username: name, password: "password123" })
          )
        )
      const first = yield* keyed("https://a.example", "alice")
      expect(first.status).toBe(201)
      expect(first.headers["access-control-allow-origin"]).toBe("https://a.example")
      const replayed = yield* keyed("https://b.example", "alice")
      expect(replayed.headers["idempotent-replayed"]).toBe("true")
      expect(replayed.headers["access-control-allow-origin"]).toBe("https://b.example")
      // The other pre-response handlers run for it too: it has a request id of its own.
      expect(replayed.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/)
      expect(replayed.headers["x-request-id"]).not.toBe(first.headers["x-request-id"])
      const foreign = yield* keyed("https://evil.example", "alice")
      expect(foreign.headers["idempotent-replayed"]).toBe("true")
      expect(foreign.headers["access-control-allow-origin"]).toBeUndefined()
      const reused = yield* keyed("https://a.example", "bob")
      expect(reused.status).toBe(422)
      expect(reused.headers["access-control-allow-origin"]).toBe("https://a.example")
    }).pipe(Effect.provide(TestServer.layer({ allowedOrigins: ["https://a.example", "https://b.example"] }))))
})
