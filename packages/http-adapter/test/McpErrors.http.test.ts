/**
 * The MCP server's failures, driven by the official MCP SDK client over a
 * real socket: a failed call is a tool error (`isError: true`) carrying the
 * REST answer's status, `detail` and `code`: without a token only the public
 * reading tools work, a bad token is refused as REST refuses it, domain
 * errors and rate limits answer as their routes do. GET and DELETE `/mcp`
 * answer 405 (stateless server) and the body bound applies.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { TestServer } from "@holonet/http-adapter/testing"
import { Effect, Schema } from "effect"
import { createChannel, createPost, del, fields, get, postJson, send, signUp } from "./Http.js"
import { callTool, mcpClient } from "./McpSetup.js"
import { serverWith } from "./RateLimitsSetup.js"

const Issues = Schema.Struct({
  detail: Schema.Array(Schema.Struct({ type: Schema.String, loc: Schema.Array(Schema.Unknown), msg: Schema.String }))
})

const missingPost = "00000000-0000-7000-8000-000000000000"

/** The JSON-RPC initialize request a client opens with. */
const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } }
}

const mcpPost = (body: unknown, token?: string) =>
  send(
    HttpClientRequest.post("/mcp").pipe(
      HttpClientRequest.bodyUnsafeJson(body),
      HttpClientRequest.setHeader("accept", "application/json, text/event-stream"),
      token === undefined ? (r) => r : HttpClientRequest.bearerToken(token)
    )
  )

describe("MCP errors", () => {
  it.effect("without a token the public reading tools work and every other tool answers REST's 401", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      yield* createPost(alice.token, "general", "Hello")
      const anonymous = yield* mcpClient()
      expect((yield* callTool(anonymous, "list_posts")).json).toEqual((yield* get("/api/posts")).body)
      expect((yield* callTool(anonymous, "search", { q: "hello" })).isError).toBe(false)

      const rest = yield* postJson("/api/posts", { title: "Nope", content: "", channel_id: "general" })
      expect(rest.status).toBe(401)
      expect(rest.body).toEqual({ detail: "Not authenticated", code: "unauthenticated" })
      const refused = yield* callTool(anonymous, "create_post", { title: "Nope", content: "", channel_id: "general" })
      expect(refused).toEqual({
        isError: true,
        json: { status: 401, detail: "Not authenticated", code: "unauthenticated" }
      })
      for (const name of ["whoami", "read_feed", "notifications", "mark_notifications_read"]) {
        expect(yield* callTool(anonymous, name)).toEqual(refused)
      }
      // Nothing was written.
      expect((yield* get("/api/posts")).body).toHaveLength(1)
    }).pipe(Effect.scoped, Effect.provide(TestServer.layer())))

  it.effect("a bad token is refused as REST refuses it: 401 with the challenge, before any MCP message", () =>
    Effect.gen(function*() {
      const rest = yield* get("/api/users/me", "not-a-token")
      const mcp = yield* mcpPost(initialize, "not-a-token")
      expect(mcp.status).toBe(401)
      expect(mcp.headers["www-authenticate"]).toBe("Bearer")
      expect(mcp.body).toEqual(rest.body)
      // The SDK client cannot connect with it.
      const connected = yield* Effect.exit(Effect.scoped(mcpClient("not-a-token")))
      expect(connected._tag).toBe("Failure")
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("a domain error is a tool error with the REST status, detail and code", () =>
    Effect.gen(function*() {
      const client = yield* mcpClient()
      const rest = yield* get(`/api/posts/${missingPost}`)
      expect(rest.status).toBe(404)
      expect(yield* callTool(client, "get_post", { id: missingPost })).toEqual({
        isError: true,
        json: { status: 404, ...fields(rest) }
      })
      expect(yield* callTool(client, "get_post", { id: missingPost })).toEqual({
        isError: true,
        json: { status: 404, detail: expect.stringContaining("not found"), code: "post_not_found" }
      })
    }).pipe(Effect.scoped, Effect.provide(TestServer.layer())))

  it.effect("bad arguments are a tool error with REST's 422 body, located under arguments", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const client = yield* mcpClient(alice.token)
      const bad = yield* callTool(client, "create_post", { content: "no title", channel_id: "general" })
      expect(bad).toEqual({
        isError: true,
        json: { status: 422, detail: [expect.objectContaining({ loc: ["arguments", "title"], type: "missing" })] }
      })
      // The same entries as REST's 422, with `arguments` where REST says `body`.
      const rest = yield* postJson(`/api/posts/${missingPost}/vote`, { value: 7 }, alice.token)
      expect(rest.status).toBe(422)
      const restIssues = Schema.decodeUnknownSync(Issues)(rest.body).detail
      expect(restIssues).toHaveLength(1)
      expect(yield* callTool(client, "vote", { post_id: missingPost, value: 7 })).toEqual({
        isError: true,
        json: { status: 422, detail: restIssues.map((issue) => ({ ...issue, loc: ["arguments", "value"] })) }
      })
      const noTarget = yield* callTool(client, "vote", { value: 1 })
      expect(noTarget.isError).toBe(true)
      expect(noTarget.json).toMatchObject({ status: 422 })
    }).pipe(Effect.scoped, Effect.provide(TestServer.layer())))

  it.effect("a use case's rate limit is a tool error carrying the 429's detail, code and retry_after", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      const client = yield* mcpClient(alice.token)
      const args = { title: "One", content: "", channel_id: "general" }
      expect((yield* callTool(client, "create_post", args)).isError).toBe(false)
      const limited = yield* callTool(client, "create_post", args)
      const rest = yield* postJson("/api/posts", args, alice.token)
      expect(rest.status).toBe(429)
      expect(rest.body).toMatchObject({ code: "rate_limited", retry_after: expect.any(Number) })
      expect(limited).toEqual({ isError: true, json: { status: 429, ...fields(rest) } })
      expect((yield* get("/api/posts")).body).toHaveLength(1)
    }).pipe(Effect.scoped, Effect.provide(serverWith({ POST: "1/h" }))))

  it.effect("GET and DELETE /mcp answer 405 Allow: POST; the body bound, request ids and CORS apply as on every route", () =>
    Effect.gen(function*() {
      for (const reply of [yield* get("/mcp"), yield* del("/mcp")]) {
        expect(reply.status).toBe(405)
        expect(reply.headers["allow"]).toBe("POST")
        expect(reply.body).toMatchObject({ code: "method_not_allowed" })
      }
      const big = yield* mcpPost({ ...initialize, padding: "x".repeat(5000) })
      expect(big.status).toBe(413)
      expect(big.body).toEqual({ detail: "Request body too large", code: "payload_too_large" })
      // What the transport refuses is answered in the API's error shape, with its status.
      const notJsonRpc = yield* mcpPost({ hello: "world" })
      expect(notJsonRpc.status).toBe(400)
      expect(notJsonRpc.body).toEqual({ detail: expect.stringContaining("Invalid"), code: "bad_request" })
      const noAccept = yield* postJson("/mcp", initialize)
      expect(noAccept.status).toBe(406)
      expect(noAccept.body).toEqual({ detail: expect.stringContaining("Not Acceptable"), code: "not_acceptable" })
      // The stack of every route: request id and CORS, with the MCP header allowed in a preflight.
      const fromBrowser = yield* send(
        HttpClientRequest.post("/mcp").pipe(
          HttpClientRequest.bodyUnsafeJson(initialize),
          HttpClientRequest.setHeaders({
            accept: "application/json, text/event-stream",
            origin: "http://localhost:3000"
          })
        )
      )
      expect(fromBrowser.status).toBe(200)
      expect(fromBrowser.headers["access-control-allow-origin"]).toBe("http://localhost:3000")
      expect(fromBrowser.headers["x-request-id"]).toBeDefined()
      const preflight = yield* send(
        HttpClientRequest.options("/mcp").pipe(HttpClientRequest.setHeaders({
          origin: "http://localhost:3000",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type, mcp-protocol-version"
        }))
      )
      expect(preflight.headers["access-control-allow-headers"]?.toLowerCase()).toContain("mcp-protocol-version")
    }).pipe(Effect.provide(TestServer.layer({ maxBodyBytes: 4096 }))))
})
