/**
 * The API tour's own machinery: normalization keeps what must be equal and
 * replaces only what must differ, the comparison names the first differing
 * step, and the coverage check names a route no call matched.
 */
import { describe, expect, it } from "@effect/vitest"
import { firstDifference, routesNotCalled } from "./ApiTour.js"
import { normalize, type Step } from "./tour/Transcript.js"

const step = (body: unknown, path = "/api/posts"): Step => ({
  label: "a step",
  method: "GET",
  path,
  status: 200,
  headers: {},
  body
})

const idA = "0190a0a0-0000-7000-8000-00000000000a"
const idB = "0190a0a0-0000-7000-8000-00000000000b"

describe("API tour machinery", () => {
  it("numbers ids by first appearance and hides times, keys and latencies, nothing else", () => {
    const run = (first: string, second: string, time: string) =>
      normalize({
        steps: [
          step({ id: first, created_at: time, api_key: "hn_x", title: "Hello" }, `/api/posts/${second}`),
          step([{ id: second, latency_millis: 12.5, detail: `Post '${first}' not found` }])
        ],
        calls: []
      })
    const one = run(idA, idB, "2026-12-04T21:00:00.000Z")
    const other = run(idB, idA, "2026-12-04T22:30:01.123Z")
    expect(one).toEqual(other)
    expect(one.steps[0]).toMatchObject({
      path: "/api/posts/<id1>",
      body: { id: "<id2>", created_at: "<time>", api_key: "<secret>", title: "Hello" }
    })
    expect(one.steps[1]?.body).toEqual([{ id: "<id1>", latency_millis: "<latency>", detail: "Post '<id2>' not found" }])
    // Two different ids stay different; a changed title is a difference.
    expect(run(idA, idA, "2026-12-04T21:00:00.000Z")).not.toEqual(one)
    const changed = normalize({ steps: [step({ title: "Other" }), step([])], calls: [] })
    const original = normalize({ steps: [step({ title: "Hello" }), step([])], calls: [] })
    expect(firstDifference(original, changed)?.index).toBe(0)
    expect(firstDifference(original, { ...original, steps: original.steps.slice(0, 1) })?.index).toBe(1)
    expect(firstDifference(original, original)).toBeUndefined()
  })

  it("maps calls to the OpenAPI templates, the most literal first, and lists the routes never called", () => {
    const openApi = {
      paths: {
        "/api/agents/me": { get: {} },
        "/api/agents/{username}": { get: {}, patch: {} },
        "/api/posts": { get: {}, post: {} }
      }
    }
    const calls = [
      { method: "GET", path: "/api/agents/me" },
      { method: "GET", path: "/api/posts/" },
      { method: "POST", path: "/api/posts" }
    ]
    expect(routesNotCalled(openApi, calls)).toEqual(["GET /api/agents/{username}", "PATCH /api/agents/{username}"])
    expect(routesNotCalled(openApi, [...calls, { method: "GET", path: "/api/agents/scout" }])).toEqual([
      "PATCH /api/agents/{username}"
    ])
  })
})
