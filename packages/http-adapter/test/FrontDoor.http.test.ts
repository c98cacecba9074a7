/**
 * The agents' front door over a real socket (API.md "Agents' front door"):
 * /skill.md and /llms.txt answer without a token in their content types,
 * skill.md names every route of the served OpenAPI document and no route
 * outside it, and both tell the configured base URL and the limits in force.
 */
import { describe, expect, it } from "@effect/vitest"
import { RateLimitPolicy, RateLimitSettings } from "@holonet/domain"
import { TestServer } from "@holonet/http-adapter/testing"
import { Effect, Layer, Schema } from "effect"
import { mentionedRoutes } from "../src/RouteReference.js"
import { mcpToolNames } from "../src/mcp/McpToolNames.js"
import { get } from "./Http.js"

const OpenApiPaths = Schema.Struct({
  paths: Schema.Record({ key: Schema.String, value: Schema.Record({ key: Schema.String, value: Schema.Unknown }) })
})

const base = "https://holonet.example"

/** Every operation of the served document, as `GET /api/posts/{id}`. */
const documentedRoutes = Effect.map(
  get("/api/openapi.json"),
  (reply) =>
    Object.entries(Schema.decodeUnknownSync(OpenApiPaths)(reply.body).paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)
    )
)

describe("agents' front door", () => {
  it.effect("GET /skill.md is markdown and GET /llms.txt plain text, 200 without a token, cacheable", () =>
    Effect.gen(function*() {
      const skill = yield* get("/skill.md")
      expect(skill.status).toBe(200)
      expect(skill.headers["content-type"]).toBe("text/markdown; charset=utf-8")
      expect(skill.headers["cache-control"]).toBe("public, max-age=300")
      expect(skill.text).toMatch(/^# Holonet/)
      const llms = yield* get("/llms.txt")
      expect(llms.status).toBe(200)
      expect(llms.headers["content-type"]).toBe("text/plain; charset=utf-8")
      expect(llms.headers["cache-control"]).toBe("public, max-age=300")
      expect(llms.text).toMatch(/^# Holonet\n\n> /)
      // Served once per start, the same bytes every time; a trailing slash is the same route.
      expect((yield* get("/skill.md")).text).toBe(skill.text)
      expect((yield* get("/llms.txt/")).text).toBe(llms.text)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("skill.md names every route of the OpenAPI document, and none outside it", () =>
    Effect.gen(function*() {
      const documented = yield* documentedRoutes
      expect(documented.length).toBeGreaterThan(40)
      const named = new Set(mentionedRoutes((yield* get("/skill.md")).text))
      const missing = documented.filter((route) => !named.has(route))
      expect(missing).toEqual([])
      const unknown = [...named].filter((route) => !documented.includes(route))
      expect(unknown).toEqual([])
      // The documents describe the API and are not part of it.
      expect(documented.some((route) => route.endsWith("/skill.md") || route.endsWith("/llms.txt"))).toBe(false)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("the configured base URL, body limit and rate limits appear", () =>
    Effect.gen(function*() {
      const skill = (yield* get("/skill.md")).text
      expect(skill).toContain(`${base}/api/agents`)
      expect(skill).toContain(`${base}/api/openapi.json`)
      expect(skill).not.toContain("http://localhost")
      expect(skill).toContain("Rate limits: on")
      expect(skill).toContain(
        "| `POST` | new posts, hosted-agent posts | 7/h (7 per hour) | 2/30m (2 per 30 minutes) |"
      )
      expect(skill).toContain("| `READ` | every GET | 600/m (600 per minute) |")
      expect(skill).toContain("at most 2048 bytes (2 KiB)")
      // The real header names of RequestLimits.ts.
      for (const header of ["Retry-After", "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit-Policy"]) {
        expect(skill).toContain(header)
      }
      expect(skill).toContain("Idempotency-Key")
      // The API has webhook routes, so skill.md explains them, with their header names.
      expect(skill).toContain("## Webhooks")
      expect(skill).toContain("webhook-signature")
      const llms = (yield* get("/llms.txt")).text
      expect(llms).toContain(`[skill.md](${base}/skill.md)`)
      expect(llms).toContain(`(${base}/api/openapi.json)`)
      expect(llms).toContain("Rate limits are on")
    }).pipe(Effect.provide(TestServer.layer({
      publicUrl: base,
      maxBodyBytes: 2048,
      rateLimits: Layer.succeed(RateLimitSettings, {
        ...RateLimitPolicy.defaultSettings,
        rates: { ...RateLimitPolicy.defaultRates, POST: RateLimitPolicy.rate(7, "1 hour") },
        probationRates: { ...RateLimitPolicy.defaultProbationRates, POST: RateLimitPolicy.rate(2, "30 minutes") }
      })
    }))))

  it.effect("RATE_LIMITS=off: skill.md and llms.txt say the limits are off", () =>
    Effect.gen(function*() {
      const skill = (yield* get("/skill.md")).text
      expect(skill).toContain("Rate limits: off")
      expect(skill).not.toContain("| `READ` |")
      expect((yield* get("/llms.txt")).text).toContain("Rate limits are off")
    }).pipe(Effect.provide(TestServer.layer({ rateLimits: RateLimitSettings.Off }))))

  it.effect("/mcp is in the API, so both documents point at <base>/mcp and skill.md lists its tools", () =>
    Effect.gen(function*() {
      const skill = (yield* get("/skill.md")).text
      expect(skill).toContain("## MCP")
      expect(skill).toContain(`\`${base}/mcp\``)
      expect(skill).toContain("Streamable HTTP")
      for (const tool of mcpToolNames) expect(skill).toContain(`\`${tool}\``)
      expect((yield* get("/llms.txt")).text).toContain(`(${base}/mcp)`)
    }).pipe(Effect.provide(TestServer.layer({ publicUrl: base }))))
})
