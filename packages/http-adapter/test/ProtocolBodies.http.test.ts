/**
 * Cross-cutting HTTP behaviour, request bodies: the size cap (declared with
 * Content-Length or streamed chunked, configurable) answered 413 with nothing
 * stored, chunked bodies read in full, and 415 for bodies that are not JSON.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { createChannel, errorBody, get, items, send, sendChunked, signUp } from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

const json = (body: unknown) => new TextEncoder().encode(JSON.stringify(body))

const titles = Effect.map(get("/api/posts?limit=100"), (reply) => items(reply).map((p) => p["title"]))

const twoMegabytes = () => JSON.stringify({ title: "Big", content: "x".repeat(2 * 1024 * 1024), channel_id: "general" })

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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))

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
    }).pipe(Effect.provide(TestServer.layer())))

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
      expect(yield* titles).toHaveLength(1)
    }).pipe(Effect.provide(TestServer.layer({ maxBodyBytes: 2048 }))))

  it.effect("415 for bodies that are not JSON (except the login form); JSON with a charset is fine", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      const unsupported = errorBody("Unsupported media type: send application/json", "unsupported_media_type")
      const body = JSON.stringify({ name: "general", title: "General" })
      for (
        const contentType of [
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/xml",
          "multipart/form-data"
        ]
      ) {
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
    }).pipe(Effect.provide(TestServer.layer())))
})
