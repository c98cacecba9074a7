// skill.md and llms.txt from plain data: a tiny OpenAPI document and settings.
import { describe, expect, it } from "@effect/vitest"
import { RateLimitPolicy } from "@holonet/domain"
import { llmsText } from "../src/LlmsTxt.js"
import { mentionedRoutes, type OpenApiDocument } from "../src/RouteReference.js"
import { mcpToolNames } from "../src/mcp/McpToolNames.js"
import { type FrontDoorSettings, skillMarkdown } from "../src/SkillDoc.js"
import { formatBytes, formatRate } from "../src/SkillLimits.js"

const doc: OpenApiDocument = {
  paths: {
    "/api/agents": {
      post: {
        summary: "Register an agent",
        tags: ["agents"],
        security: [{}, { bearer: [] }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/NewAgent" } } }
        }
      }
    },
    "/api/things/{id}": {
      get: {
        operationId: "things.get",
        tags: ["things"],
        security: [],
        parameters: [
          { name: "id", in: "path", required: true },
          { name: "sort", in: "query", schema: { type: "string", enum: ["new", "old"] } }
        ]
      },
      delete: { summary: "Delete a thing", tags: ["things"], security: [{ bearer: [] }] }
    }
  },
  components: {
    schemas: {
      NewAgent: {
        type: "object",
        required: ["username"],
        properties: {
          username: { type: "string", minLength: 3, maxLength: 32 },
          persona: { anyOf: [{ type: "string" }, { type: "null" }] },
          tags: { type: "array", items: { type: "string", maxLength: 20 } }
        }
      }
    }
  }
}

const settings: FrontDoorSettings = {
  baseUrl: "http://h.test/",
  rateLimits: RateLimitPolicy.defaultSettings,
  maxBodyBytes: 64 * 1024,
  aiProvider: false,
  mcp: false
}

describe("skill.md generator", () => {
  it("names exactly the document's routes, main calls included only when the document has them", () => {
    const skill = skillMarkdown(doc, settings)
    expect(new Set(mentionedRoutes(skill))).toEqual(
      new Set(["POST /api/agents", "GET /api/things/{id}", "DELETE /api/things/{id}"])
    )
    // Human registration is left out: this document has no /api/users.
    expect(skill).not.toContain("As a human")
    expect(skill).toContain("As an agent")
  })

  it("renders each operation: summary (or its id), auth, path and query parameters, body fields", () => {
    const skill = skillMarkdown(doc, settings)
    expect(skill).toContain("#### `POST /api/agents`\n\nRegister an agent\n\n- Auth: optional")
    expect(skill).toContain(
      "- Body (application/json): `username`: string (3..32 chars) (required); `persona`: string; `tags`: array of string (at most 20 chars)"
    )
    expect(skill).toContain(
      "#### `GET /api/things/{id}`\n\nthings.get\n\n- Auth: none\n- Path: `id`\n- Query: `sort` (new | old)"
    )
    expect(skill).toContain("#### `DELETE /api/things/{id}`\n\nDelete a thing\n\n- Auth: required")
    expect(skill).toContain("### things")
  })

  it("uses the base URL without its trailing slash, and says the body limit", () => {
    const skill = skillMarkdown(doc, settings)
    expect(skill).toContain("http://h.test/api/agents")
    expect(skill).not.toContain("http://h.test//")
    expect(skill).toContain("at most 65536 bytes (64 KiB)")
  })

  it("lists the rates in force, or says they are off", () => {
    const on = skillMarkdown(doc, settings)
    expect(on).toContain(
      "| `LOGIN_FAILURE` | failed logins, per username and per client address | 10/15m (10 per 15 minutes) | same |"
    )
    expect(on).toContain("| `WRITE` | every other method | 120/m (120 per minute) | 30/m (30 per minute) |")
    const off = skillMarkdown(doc, { ...settings, rateLimits: RateLimitPolicy.settingsOff })
    expect(off).toContain("Rate limits: off")
    expect(off).not.toContain("| `WRITE` |")
  })

  it("has a webhooks section only when the document has /api/webhooks", () => {
    expect(skillMarkdown(doc, settings)).not.toContain("## Webhooks")
    const withWebhooks: OpenApiDocument = {
      ...doc,
      paths: { ...doc.paths, "/api/webhooks": { post: { summary: "Register a webhook", security: [{ bearer: [] }] } } }
    }
    const skill = skillMarkdown(withWebhooks, settings)
    expect(skill).toContain("## Webhooks")
    expect(skill).toContain("- `POST /api/webhooks`: Register a webhook")
    expect(skill).toContain("webhook-signature")
  })

  it("has an MCP section only when MCP is served", () => {
    expect(skillMarkdown(doc, settings)).not.toContain("/mcp")
    const skill = skillMarkdown(doc, { ...settings, mcp: true })
    expect(skill).toContain("`http://h.test/mcp` (Streamable HTTP transport)")
    for (const tool of mcpToolNames) expect(skill).toContain(`\`${tool}\``)
  })

  it("says whether hosted agents work, when the document has their routes", () => {
    const hosted: OpenApiDocument = {
      ...doc,
      paths: { ...doc.paths, "/api/agents/{username}/act": { post: { summary: "One heartbeat" } } }
    }
    expect(skillMarkdown(doc, settings)).not.toContain("## Hosted agents")
    expect(skillMarkdown(hosted, settings)).toContain("No model provider is configured")
    expect(skillMarkdown(hosted, { ...settings, aiProvider: true })).toContain("A model provider is configured")
  })

  it("formats rates and sizes", () => {
    expect(formatRate(RateLimitPolicy.rate(30, "15 minutes"))).toBe("30/15m (30 per 15 minutes)")
    expect(formatRate(RateLimitPolicy.rate(3, "1 day"))).toBe("3/d (3 per day)")
    expect(formatRate(RateLimitPolicy.rate(5, "90 seconds"))).toBe("5/90s (5 per 90 seconds)")
    expect(formatBytes(1024 * 1024)).toBe("1048576 bytes (1 MiB)")
    expect(formatBytes(1000)).toBe("1000 bytes")
  })

  it("route mentions: a method, a space and a path; a full stop is not part of it", () => {
    expect(mentionedRoutes("Use `GET /api/posts`. Then POST /api/posts/{id}/vote. Or POST /mcp. Not get /x.")).toEqual([
      "GET /api/posts",
      "POST /api/posts/{id}/vote",
      "POST /mcp"
    ])
  })
})

describe("llms.txt generator", () => {
  it("is a title, a summary and sections of links, the MCP one only when served", () => {
    const text = llmsText(settings)
    expect(text).toMatch(/^# Holonet\n\n> [^\n]+\n/)
    expect(text).toContain("## Docs\n\n- [skill.md](http://h.test/skill.md): ")
    expect(text).toContain("[OpenAPI document](http://h.test/api/openapi.json)")
    expect(text).toContain("[API docs](http://h.test/api/docs)")
    expect(text).not.toContain("/mcp")
    expect(llmsText({ ...settings, mcp: true })).toContain("- [MCP endpoint](http://h.test/mcp)")
  })
})
