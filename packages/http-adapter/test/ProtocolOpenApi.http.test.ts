/**
 * Cross-cutting HTTP behaviour: health, every route with and without a
 * trailing slash, unknown routes, body limits and content types, 500s,
 * the OpenAPI document and docs pages, gzip, and CORS.
 */
import { HttpClientRequest } from "@effect/platform"
import { Readiness } from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import { gunzipSync } from "node:zlib"
import {
  createChannel,
  createPost,
  errorBody,
  expectSlashInsensitive,
  get,
  items,
  password,
  send,
  sendChunked,
  sendForBytes,
  signUp,
  type SlashRoute
} from "./Http.js"
import { makeTestServer } from "@holonet/http-adapter/testing"

const json = (body: unknown) => new TextEncoder().encode(JSON.stringify(body))

const titles = Effect.map(get("/api/posts?limit=100"), (reply) => items(reply).map((p) => p["title"]))

const twoMegabytes = () =>
  JSON.stringify({ title: "Big", content: "x".repeat(2 * 1024 * 1024), channel_id: "general" })

describe("health", () => {
  it.effect("GET /health and /health/ready answer 200 with and without trailing slash", () =>
    Effect.gen(function*() {
      for (const path of ["/health", "/health/"]) {
        const reply = yield* get(path)
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual({ status: "healthy" })
      }
      for (const path of ["/health/ready", "/health/ready/"]) {
        const reply = yield* get(path)
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual({ status: "ready" })
      }
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("/health/ready is 503 when the store does not answer; /health stays 200", () =>
    Effect.gen(function*() {
      const ready = yield* get("/health/ready")
      expect(ready.status).toBe(503)
      expect(ready.body).toEqual(errorBody("Database is not answering", "not_ready"))
      expect((yield* get("/health")).status).toBe(200)
    }).pipe(Effect.provide(makeTestServer({ readiness: Layer.succeed(Readiness, { check: Effect.succeed(false) }) }))))

  it.effect("a defect is a bare JSON 500: no stack trace, no SQL", () =>
    Effect.gen(function*() {
      const reply = yield* get("/health/ready")
      expect(reply.status).toBe(500)
      expect(reply.headers["content-type"]).toBe("application/json")
      expect(reply.body).toEqual(errorBody("Internal Server Error", "internal_error"))
      expect(reply.text).not.toContain("SELECT")
      expect(reply.text).not.toContain("at ")
    }).pipe(Effect.provide(makeTestServer({
      readiness: Layer.succeed(Readiness, {
        check: Effect.die(new Error("SELECT password_hash FROM users failed: connection refused"))
      })
    }))))
})

describe("routing", () => {
  it.effect("every /api route answers its success status with and without a trailing slash", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      yield* createChannel(alice.token, "general")
      const postA = yield* createPost(bob.token, "general", "A")
      const postB = yield* createPost(bob.token, "general", "B")
      const auth = HttpClientRequest.bearerToken(bob.token)
      const jsonBody = HttpClientRequest.bodyUnsafeJson
      const routes: ReadonlyArray<SlashRoute> = [
        [201, (s, i) => HttpClientRequest.post(`/api/users${s}`).pipe(jsonBody({ username: `new${i}`, password }))],
        [
          200,
          (s) => HttpClientRequest.post(`/api/auth/login${s}`).pipe(HttpClientRequest.bodyUrlParams({ username: "bob", password }))
        ],
        [200, (s) => HttpClientRequest.get(`/api/users/me${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.patch(`/api/users/me${s}`).pipe(auth, jsonBody({ bio: "b" }))],
        [200, (s) => HttpClientRequest.get(`/api/users${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/users/alice${s}`)],
        [201, (s, i) => HttpClientRequest.post(`/api/channels${s}`).pipe(auth, jsonBody({ name: `chan${i}`, title: "T" }))],
        [200, (s) => HttpClientRequest.get(`/api/channels${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/channels/general${s}`)],
        [204, (s) => HttpClientRequest.post(`/api/channels/general/subscription${s}`).pipe(auth)],
        [204, (s) => HttpClientRequest.del(`/api/channels/general/subscription${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.get(`/api/posts${s}`)],
        [201, (s) => HttpClientRequest.post(`/api/posts${s}`).pipe(auth, jsonBody({ title: "T", content: "", channel_id: "general" }))],
        [200, (s) => HttpClientRequest.get(`/api/posts/${postA["id"]}${s}`)],
        [200, (s) => HttpClientRequest.patch(`/api/posts/${postA["id"]}${s}`).pipe(auth, jsonBody({ title: "A2" }))],
        [204, (s, i) => HttpClientRequest.del(`/api/posts/${[postA, postB][i]?.["id"]}${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.get(`/api/feed${s}`).pipe(auth)],
        [204, (s) => HttpClientRequest.post(`/api/users/alice/follow${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.get(`/api/users/alice/followers${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/users/bob/following${s}`)],
        [204, (s) => HttpClientRequest.del(`/api/users/alice/follow${s}`).pipe(auth)],
        [200, (s) => HttpClientRequest.get(`/api/notifications${s}`).pipe(auth)],
        [204, (s) => HttpClientRequest.post(`/api/notifications/read${s}`).pipe(auth)],
        [204, (s) => HttpClientRequest.post(`/api/notifications/read${s}`).pipe(auth, jsonBody({ ids: [] }))],
        [200, (s) => HttpClientRequest.get(`/api/search${s}?q=hello`)],
        [200, (s) => HttpClientRequest.get(`/health${s}`)],
        [200, (s) => HttpClientRequest.get(`/health/ready${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/openapi.json${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/docs${s}`)],
        [200, (s) => HttpClientRequest.get(`/api/redoc${s}`)]
      ]
      yield* expectSlashInsensitive(routes)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("unknown routes and methods answer a JSON 404", () =>
    Effect.gen(function*() {
      const requests = [
        HttpClientRequest.get("/nope"),
        HttpClientRequest.get("/api/nope"),
        HttpClientRequest.get("/api/posts/some-id/comments-that-do-not-exist"),
        HttpClientRequest.del("/api/posts"),
        HttpClientRequest.put("/api/users/me"),
        HttpClientRequest.post("/api/users/me").pipe(HttpClientRequest.bodyUnsafeJson({}))
      ]
      for (const request of requests) {
        const reply = yield* send(request)
        expect(reply.status).toBe(404)
        expect(reply.headers["content-type"]).toBe("application/json")
        expect(reply.body).toEqual(errorBody("Not Found", "not_found"))
      }
    }).pipe(Effect.provide(makeTestServer())))
})

describe("request bodies", () => {
  it.effect("413 for a 2 MB body with Content-Length; nothing stored", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      yield* createChannel(token, "general")
      const reply = yield* send(
        HttpClientRequest.post("/api/posts").pipe(
          HttpClientRequest.bearerToken(token),
          HttpClientRequest.bodyText(twoMegabytes(), "application/json")
        )
      )
      expect(reply.status).toBe(413)
      expect(reply.body).toEqual(errorBody("Request body too large", "payload_too_large"))
      expect(yield* titles).toEqual([])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("413 for a 2 MB chunked body without Content-Length (node:http); nothing stored", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      yield* createChannel(token, "general")
      const whole = new TextEncoder().encode(twoMegabytes())
      const chunks = Array.from(
        { length: Math.ceil(whole.length / 65536) },
        (_, i) => whole.subarray(i * 65536, (i + 1) * 65536)
      )
      const reply = yield* sendChunked({
        method: "POST",
        path: "/api/posts",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        chunks
      })
      expect(reply.sentHeaders["content-length"]).toBeUndefined()
      expect(reply.sentHeaders["transfer-encoding"]).toBe("chunked")
      expect(reply.status).toBe(413)
      expect(JSON.parse(reply.text)).toEqual(errorBody("Request body too large", "payload_too_large"))
      expect(yield* titles).toEqual([])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("a small chunked body (node:http or a Stream body) is read in full", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      yield* createChannel(token, "general")
      const body = json({ title: "Chunked", content: "in three parts", channel_id: "general" })
      const reply = yield* sendChunked({
        method: "POST",
        path: "/api/posts",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        chunks: [body.subarray(0, 10), body.subarray(10, 20), body.subarray(20)]
      })
      expect(reply.status).toBe(201)
      expect(JSON.parse(reply.text)).toEqual(expect.objectContaining({ title: "Chunked", content: "in three parts" }))

      const streamed = yield* send(
        HttpClientRequest.post("/api/posts").pipe(
          HttpClientRequest.bearerToken(token),
          HttpClientRequest.bodyStream(Stream.make(body.subarray(0, 5), body.subarray(5)), {
            contentType: "application/json"
          })
        )
      )
      expect(streamed.status).toBe(201)
      expect([...(yield* titles)].sort()).toEqual(["Chunked", "Chunked"])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("the cap is configurable: just under passes, just over is 413 (declared or streamed)", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      yield* createChannel(token, "general")
      const ofSize = (size: number) => {
        const base = JSON.stringify({ title: "T", content: "", channel_id: "general" })
        return JSON.stringify({ title: "T", content: "c".repeat(size - base.length), channel_id: "general" })
      }
      expect(ofSize(2048).length).toBe(2048)
      const post = (body: string) =>
        send(
          HttpClientRequest.post("/api/posts").pipe(
            HttpClientRequest.bearerToken(token),
            HttpClientRequest.bodyText(body, "application/json")
          )
        )
      expect((yield* post(ofSize(2048))).status).toBe(201)
      expect((yield* post(ofSize(2049))).status).toBe(413)
      const streamed = yield* sendChunked({
        method: "POST",
        path: "/api/posts",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        chunks: [new TextEncoder().encode(ofSize(2049))]
      })
      expect(streamed.status).toBe(413)
      expect((yield* titles)).toHaveLength(1)
    }).pipe(Effect.provide(makeTestServer({ maxBodyBytes: 2048 }))))

  it.effect("415 for bodies that are not JSON (except the login form); JSON with a charset is fine", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      const unsupported = errorBody("Unsupported media type: send application/json", "unsupported_media_type")
      const body = JSON.stringify({ name: "general", title: "General" })
      for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data"]) {
        const reply = yield* send(
          HttpClientRequest.post("/api/channels").pipe(
            HttpClientRequest.bearerToken(token),
            HttpClientRequest.bodyText(body, contentType)
          )
        )
        expect(reply.status).toBe(415)
        expect(reply.body).toEqual(unsupported)
      }
      const patch = yield* send(
        HttpClientRequest.patch("/api/users/me").pipe(
          HttpClientRequest.bearerToken(token),
          HttpClientRequest.bodyText("{\"bio\":\"x\"}", "text/plain")
        )
      )
      expect(patch.status).toBe(415)
      expect(items(yield* get("/api/channels"))).toEqual([])
      const charset = yield* send(
        HttpClientRequest.post("/api/channels").pipe(
          HttpClientRequest.bearerToken(token),
          HttpClientRequest.bodyText(body, "application/json; charset=utf-8")
        )
      )
      expect(charset.status).toBe(201)
    }).pipe(Effect.provide(makeTestServer())))
})

const Operation = Schema.Struct({
  security: Schema.optional(Schema.Unknown),
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
  it.effect("GET /api/openapi.json is OpenAPI 3 with the /api paths and a bearer scheme", () =>
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
        "/api/users/{username}/following"
      ])
      expect(doc.components.securitySchemes).toEqual({ bearer: { type: "http", scheme: "bearer" } })
      expect(doc.paths["/api/posts"]?.["post"]?.security).toEqual([{ bearer: [] }])
      expect(doc.paths["/api/posts/{id}"]?.["delete"]?.security).toEqual([{ bearer: [] }])
      expect(doc.paths["/api/posts"]?.["get"]?.security).toEqual([])
      // Agent registration: anonymous or with a bearer token; limits answer 422 and 429.
      expect(doc.paths["/api/agents"]?.["post"]?.security).toEqual([{}, { bearer: [] }])
      expect(doc.paths["/api/agents"]?.["get"]?.security).toEqual([])
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
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("/api/docs and /api/redoc answer 200 text/html", () =>
    Effect.gen(function*() {
      for (const path of ["/api/docs", "/api/redoc"]) {
        const reply = yield* get(path)
        expect(reply.status).toBe(200)
        expect(reply.headers["content-type"]).toMatch(/^text\/html/)
        expect(reply.text.toLowerCase()).toContain("<html")
        expect(reply.headers["content-encoding"]).toBeUndefined()
      }
    }).pipe(Effect.provide(makeTestServer())))

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
        HttpClientRequest.get("/api/openapi.json").pipe(HttpClientRequest.setHeader("accept-encoding", "br, GZIP;q=0.5"))
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
    }).pipe(Effect.provide(makeTestServer())))
})

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

      const simple = yield* send(HttpClientRequest.get("/api/posts").pipe(HttpClientRequest.setHeader("origin", "http://localhost:3000")))
      expect(simple.status).toBe(200)
      expect(simple.headers["access-control-allow-origin"]).toBe("http://localhost:3000")
      expect(simple.headers["vary"]).toContain("Origin")
      const simpleOther = yield* send(HttpClientRequest.get("/api/posts").pipe(HttpClientRequest.setHeader("origin", "http://evil.example")))
      expect(simpleOther.headers["access-control-allow-origin"]).toBeUndefined()
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("error answers (401, 404, 413, 415) also carry the allowed origin", () =>
    Effect.gen(function*() {
      const origin = HttpClientRequest.setHeader("origin", "http://localhost:3000")
      const replies = [
        yield* send(HttpClientRequest.get("/api/users/me").pipe(origin)),
        yield* send(HttpClientRequest.get("/api/nope").pipe(origin)),
        yield* send(
          HttpClientRequest.post("/api/users").pipe(origin, HttpClientRequest.bodyText("x".repeat(2 * 1024 * 1024), "application/json"))
        ),
        yield* send(HttpClientRequest.post("/api/users").pipe(origin, HttpClientRequest.bodyText("x", "text/plain")))
      ]
      expect(replies.map((r) => r.status)).toEqual([401, 404, 413, 415])
      for (const reply of replies) {
        expect(reply.headers["access-control-allow-origin"]).toBe("http://localhost:3000")
        neverWildcardWithCredentials(reply.headers)
      }
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("with several allowed origins each is echoed only for itself", () =>
    Effect.gen(function*() {
      for (const origin of ["https://a.example", "https://b.example"]) {
        const reply = yield* preflight(origin)
        expect(reply.headers["access-control-allow-origin"]).toBe(origin)
        neverWildcardWithCredentials(reply.headers)
      }
      expect((yield* preflight("https://c.example")).headers["access-control-allow-origin"]).toBeUndefined()
    }).pipe(Effect.provide(makeTestServer({ allowedOrigins: ["https://a.example", "https://b.example"] }))))

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
    }).pipe(Effect.provide(makeTestServer({ allowedOrigins: ["*"] }))))
})
