// Requests Node's HTTP parser refuses before the API sees them still get a JSON error body.
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { connect } from "node:net"
import { start } from "./InProcessServer.js"

/** Writes `raw` to the server at `base` and answers all it sends back before closing. */
const rawExchange = (base: string, raw: string) =>
  Effect.async<string>((resume) => {
    const url = new URL(base)
    let answer = ""
    const socket = connect(Number(url.port), url.hostname, () => socket.write(raw))
    socket.on("data", (chunk) => (answer += chunk.toString()))
    socket.on("close", () => resume(Effect.succeed(answer)))
    socket.on("error", () => resume(Effect.succeed(answer)))
  })

const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))

describe("Node HTTP server", () => {
  it.scoped("headers over 16 KiB get 431 with a JSON detail (found by the generated attacks)", () =>
    Effect.gen(function*() {
      const base = yield* start("sqlite::memory:")
      const response = yield* Effect.promise(() =>
        fetch(`${base}/api/users/me`, { headers: { authorization: `Bearer ${"a".repeat(20_000)}` } })
      )
      expect(response.status).toBe(431)
      expect(response.headers.get("content-type")).toBe("application/json")
      expect(yield* Effect.promise(() => response.json())).toEqual({ detail: "Request headers too large" })
      // The server goes on answering.
      expect((yield* Effect.promise(() => fetch(`${base}/health`))).status).toBe(200)
    }))

  it.scoped("a request that is not HTTP gets 400 with a JSON detail", () =>
    Effect.gen(function*() {
      const base = yield* start("sqlite::memory:")
      const answer = yield* rawExchange(base, "GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
      expect(answer.startsWith("HTTP/1.1 400 Bad Request\r\n")).toBe(true)
      expect(answer).toContain("content-type: application/json")
      expect(bodyOf(answer)).toEqual({ detail: "Malformed HTTP request" })
    }))
})
