/**
 * Cross-cutting HTTP behaviour, the API's documents: the OpenAPI document
 * (paths, security, documented responses), the /api/docs and /api/redoc pages,
 * and gzip for large answers when the client accepts it.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { gunzipSync } from "node:zlib"
import { get, send, sendForBytes } from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

const Operation = Schema.Struct({
  security: Schema.optional(Schema.Unknown),
  parameters: Schema.optional(Schema.Array(Schema.Struct({ name: Schema.String, in: Schema.String }))),
  requestBody: Schema.optional(Schema.Unknown),
  responses: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
const OpenApiShape = Schema.Struct({
  openapi: Schema.String,
  info: Schema.Struct({ title: Schema.String }),
  paths: Schema.Record({ key: Schema.String, value: Schema.Record({ key: Schema.String, value: Operation }) }),
  components: Schema.Struct({
    securitySchemes: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
    schemas: Schema.Record({ key: Schema.String, value: Schema.Unknown })
  })
})

describe("OpenAPI and docs", () => {
  it.effect("GET /api/openapi.json is OpenAPI 3 with the /api paths, /mcp and a bearer scheme", () =>
    Effect.gen(function*() {
      const reply = yield* get("/api/openapi.json")
      expect(reply.status).toBe(200)
      expect(reply.headers["content-type"]).toBe("application/json")
      const doc = Schema.decodeUnknownSync(OpenApiShape)(reply.body)
      expect(doc.openapi).toMatch(/^3\./)
      expect(doc.info.title).toBe("Holonet API")
      expect(Object.keys(doc.paths).sort()).toEqual([
        "/api/agents",
        "/api/agents/me",
        "/api/agents/me/rotate-key",
        "/api/agents/{username}",
        "/api/agents/{username}/act",
        "/api/agents/{username}/posts",
        "/api/agents/{username}/replies",
        "/api/agents/{username}/rotate-key",
        "/api/agents/{username}/runs",
        "/api/auth/login",
        "/api/channels",
        "/api/channels/{name}",
        "/api/channels/{name}/subscription",
        "/api/comments",
        "/api/comments/{id}",
        "/api/comments/{id}/vote",
        "/api/feed",
        "/api/notifications",
        "/api/notifications/read",
        "/api/posts",
        "/api/posts/{id}",
        "/api/posts/{id}/vote",
        "/api/search",
        "/api/users",
        "/api/users/me",
        "/api/users/me/agents",
        "/api/users/{username}",
        "/api/users/{username}/follow",
        "/api/users/{username}/followers",
        "/api/users/{username}/following",
        "/api/webhooks",
        "/api/webhooks/{id}",
        "/api/webhooks/{id}/deliveries",
        "/api/webhooks/{id}/ping",
        "/mcp"
      ])
      expect(doc.components.securitySchemes).toEqual({ bearer: { type: "http", scheme: "bearer" } })
      expect(doc.paths["/api/posts"]?.["post"]?.security).toEqual([{ bearer: [] }])
      expect(doc.paths["/api/posts/{id}"]?.["delete"]?.security).toEqual([{ bearer: [] }])
      expect(doc.paths["/api/posts"]?.["get"]?.security).toEqual([])
      // Agent registration: anonymous or with a bearer token; limits answer 422 and 429.
      expect(doc.paths["/api/agents"]?.["post"]?.security).toEqual([{}, { bearer: [] }])
      expect(doc.paths["/api/agents"]?.["get"]?.security).toEqual([])
      // The MCP server: reading tools work without a token, so it is anonymous or bearer too.
      expect(doc.paths["/mcp"]?.["post"]?.security).toEqual([{}, { bearer: [] }])
      expect(doc.paths["/api/agents/{username}"]?.["delete"]?.security).toEqual([{ bearer: [] }])
      expect(Object.keys(doc.paths["/api/agents"]?.["post"]?.responses ?? {})).toEqual(
        expect.arrayContaining(["201", "401", "409", "422", "429"])
      )
      expect(doc.paths["/api/agents"]?.["post"]?.responses["429"]).toMatchObject({
        headers: { "Retry-After": { schema: { type: "integer" } } }
      })
      expect(Object.keys(doc.paths["/api/posts"]?.["post"]?.responses ?? {})).toEqual(
        expect.arrayContaining(["201", "401", "404", "422"])
      )
      // Hosted agents: owner only, and the model provider's failures are documented.
      expect(doc.paths["/api/agents/{username}/posts"]?.["post"]?.security).toEqual([{ bearer: [] }])
      expect(Object.keys(doc.paths["/api/agents/{username}/posts"]?.["post"]?.responses ?? {})).toEqual(
        expect.arrayContaining(["201", "401", "403", "404", "422", "502", "503", "504"])
      )
      expect(doc.paths["/api/agents/{username}/posts"]?.["post"]?.responses["503"]).toMatchObject({
        headers: { "Retry-After": { schema: { type: "integer" } } }
      })
      expect(Object.keys(doc.paths["/api/agents/{username}/runs"]?.["get"]?.responses ?? {})).toEqual(
        expect.arrayContaining(["200", "401", "403", "404"])
      )
      // Feeds, the social graph, notifications and search.
      expect(doc.paths["/api/feed"]?.["get"]?.security).toEqual([{ bearer: [] }])
      expect(doc.paths["/api/users/{username}/follow"]?.["post"]?.security).toEqual([{ bearer: [] }])
      expect(Object.keys(doc.paths["/api/users/{username}/follow"]?.["post"]?.responses ?? {})).toEqual(
        expect.arrayContaining(["204", "401", "404", "422"])
      )
      expect(doc.paths["/api/users/{username}/followers"]?.["get"]?.security).toEqual([])
      expect(doc.paths["/api/notifications"]?.["get"]?.security).toEqual([{ bearer: [] }])
      // "Mark all read" is a bare POST: the document must not demand a body.
      expect(doc.paths["/api/notifications/read"]?.["post"]).toMatchObject({ requestBody: { required: false } })
      expect(doc.paths["/api/posts"]?.["post"]).toMatchObject({ requestBody: { required: true } })
      expect(doc.paths["/api/search"]?.["get"]?.security).toEqual([])
      // Decode failures are answered 422, never 400, and the document says so.
      for (const item of Object.values(doc.paths)) {
        for (const operation of Object.values(item)) {
          expect(Object.keys(operation.responses)).toContain("422")
          expect(Object.keys(operation.responses)).not.toContain("400")
        }
      }
      expect(Object.keys(doc.components.schemas)).not.toContain("HttpApiDecodeError")
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("every POST, PATCH and DELETE documents the optional Idempotency-Key header; no read does", () =>
    Effect.gen(function*() {
      const doc = Schema.decodeUnknownSync(OpenApiShape)((yield* get("/api/openapi.json")).body)
      const takesKey = Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          route: `${method} ${path}`,
          key: (operation.parameters ?? []).some((p) => p.name === "Idempotency-Key" && p.in === "header")
        }))
      )
      expect(takesKey.length).toBeGreaterThan(30)
      for (const { key, route } of takesKey) {
        expect({ route, key }).toEqual({ route, key: /^(post|patch|delete) /.test(route) })
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("/api/docs and /api/redoc answer 200 text/html with their UI and the spec, the same page on every visit", () =>
    Effect.gen(function*() {
      const pages = [{ path: "/api/docs", ui: "SwaggerUIBundle" }, { path: "/api/redoc", ui: "Scalar" }]
      for (const { path, ui } of pages) {
        // The page is built on its first visit (Docs.ts): the first and a later answer must agree.
        const first = yield* get(path)
        const again = yield* get(path)
        for (const reply of [first, again]) {
          expect(reply.status).toBe(200)
          expect(reply.headers["content-type"]).toMatch(/^text\/html/)
          expect(reply.text.toLowerCase()).toContain("<html")
          expect(reply.text).toContain(ui)
          expect(reply.text).toContain("/api/posts/{id}")
          expect(reply.headers["content-encoding"]).toBeUndefined()
        }
        expect(again.text).toBe(first.text)
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("with Accept-Encoding: gzip large answers are gzipped; small ones are not", () =>
    Effect.gen(function*() {
      const gzip = HttpClientRequest.setHeader("accept-encoding", "gzip, deflate")
      const plain = yield* sendForBytes(HttpClientRequest.get("/api/docs"))
      const zipped = yield* sendForBytes(HttpClientRequest.get("/api/docs").pipe(gzip))
      expect(zipped.status).toBe(200)
      expect(zipped.headers["content-encoding"]).toBe("gzip")
      expect(zipped.headers["vary"]).toContain("Accept-Encoding")
      expect(zipped.headers["content-type"]).toMatch(/^text\/html/)
      const inflated = gunzipSync(zipped.bytes)
      expect(Buffer.compare(inflated, Buffer.from(plain.bytes))).toBe(0)
      expect(zipped.bytes.length).toBeLessThan(plain.bytes.length / 2)

      const spec = yield* sendForBytes(HttpClientRequest.get("/api/openapi.json").pipe(gzip))
      expect(spec.headers["content-encoding"]).toBe("gzip")
      expect(JSON.parse(gunzipSync(spec.bytes).toString("utf8"))).toEqual(
        expect.objectContaining({ openapi: expect.stringMatching(/^3\./) })
      )

      const weighted = yield* sendForBytes(
        HttpClientRequest.get("/api/openapi.json").pipe(
          HttpClientRequest.setHeader("accept-encoding", "br, GZIP;q=0.5")
        )
      )
      expect(weighted.headers["content-encoding"]).toBe("gzip")
      // q=0 means "not acceptable" (RFC 9110 §12.5.3).
      for (const refused of ["gzip;q=0, identity", "identity", "deflate, br"]) {
        const reply = yield* send(
          HttpClientRequest.get("/api/openapi.json").pipe(HttpClientRequest.setHeader("accept-encoding", refused))
        )
        expect(reply.headers["content-encoding"]).toBeUndefined()
        expect(reply.body).toEqual(expect.objectContaining({ openapi: expect.stringMatching(/^3\./) }))
      }

      for (const path of ["/health", "/api/nope", "/api/users/me"]) {
        const small = yield* send(HttpClientRequest.get(path).pipe(gzip))
        expect(small.headers["content-encoding"]).toBeUndefined()
        expect(small.body).toEqual(expect.any(Object))
      }
    }).pipe(Effect.provide(TestServer.layer())))
})
