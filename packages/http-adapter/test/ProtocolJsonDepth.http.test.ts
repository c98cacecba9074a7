/**
 * Deeply nested JSON bodies, over a real socket: up to 64 levels of arrays
 * or objects are parsed and validated as usual; deeper ones (65, and 5000,
 * which once overflowed the stack and answered 500) get a 422 naming the
 * limit before anything walks them, and nothing is logged as a defect.
 * Brackets inside strings don't count.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { TestServer } from "@holonet/http-adapter/testing"
import { Effect, Layer, Logger } from "effect"
import { nestsDeeperThan } from "../src/JsonDepth.js"
import { send } from "./Http.js"

/** A registration body whose `username` makes the whole body nest `depth` levels (the outer object is one). */
const arrays = (depth: number) => `{"username":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)},"password":"x"}`
const objects = (depth: number) => `{"username":${"{\"a\":".repeat(depth - 2)}{}${"}".repeat(depth - 2)}}`

const register = (body: string) =>
  send(HttpClientRequest.post("/api/users").pipe(HttpClientRequest.bodyText(body, "application/json")))

const tooDeep = {
  detail: [{
    type: "json_too_deep",
    loc: ["body"],
    msg: "Request body nests arrays or objects more than 64 levels deep"
  }]
}

/** The test server with every log line at warning or above captured. */
const loggedServer = () => {
  const lines: Array<string> = []
  const logger = Logger.make((entry) => {
    if (entry.logLevel._tag === "Error" || entry.logLevel._tag === "Fatal" || entry.logLevel._tag === "Warning") {
      lines.push(`${entry.logLevel.label} ${String(entry.message)}`)
    }
  })
  return { lines, layer: TestServer.layer().pipe(Layer.provide(Logger.replace(Logger.defaultLogger, logger))) }
}

describe("JSON nesting depth", () => {
  it("the scan counts brackets outside strings only", () => {
    expect(nestsDeeperThan(arrays(64), 64)).toBe(false)
    expect(nestsDeeperThan(arrays(65), 64)).toBe(true)
    expect(nestsDeeperThan(objects(64), 64)).toBe(false)
    expect(nestsDeeperThan(objects(65), 64)).toBe(true)
    expect(nestsDeeperThan(`{"a":"${"[".repeat(500)}\\"${"{".repeat(500)}"}`, 64)).toBe(false)
  })

  const server = loggedServer()
  it.effect("up to 64 levels are validated as usual; 65 and 5000 get 422 json_too_deep; nothing logged", () =>
    Effect.gen(function*() {
      for (const body of [arrays(64), objects(64)]) {
        const reply = yield* register(body)
        expect(reply.status).toBe(422)
        expect(JSON.stringify(reply.body)).not.toContain("json_too_deep")
      }
      for (const body of [arrays(65), objects(65), arrays(5000), objects(5000)]) {
        const reply = yield* register(body)
        expect([reply.status, reply.body]).toEqual([422, tooDeep])
      }
      // Brackets in strings are text: 64 of them in the object (65 if counted) register.
      const named = yield* register(
        JSON.stringify({ username: "brackets", password: "password123", display_name: "[".repeat(64) })
      )
      expect(named.status).toBe(201)
      expect(server.lines).toEqual([])
    }).pipe(Effect.provide(server.layer)))
})
