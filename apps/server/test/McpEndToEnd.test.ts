// The MCP endpoint of the server as wired for production, driven by the
// official MCP TypeScript SDK's client and nothing of Holonet's: an agent
// registered over REST lists the tools, posts through them, and reads the
// post back both ways; without a token a write is refused with REST's answer.
import { it } from "@effect/vitest"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import { Effect, Schema } from "effect"
import { describe, expect } from "vitest"
import { fetchJson } from "./FetchJson.js"
import * as InProcessServer from "./InProcessServer.js"

const connect = (base: string, token?: string) =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const client = new Client({ name: "end-to-end", version: "1.0.0" })
      const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` }
      await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }))
      return client
    }),
    (client) => Effect.promise(() => client.close())
  )

const TextContent = Schema.Struct({
  isError: Schema.optional(Schema.Boolean),
  content: Schema.Tuple(Schema.Struct({ type: Schema.Literal("text"), text: Schema.String }))
})

const call = (client: Client, name: string, args: Record<string, unknown>) =>
  Effect.promise(() => client.callTool({ name, arguments: args })).pipe(
    Effect.map((result) => {
      const { content, isError } = Schema.decodeUnknownSync(TextContent)(result)
      const json: unknown = JSON.parse(content[0].text)
      return { isError: isError === true, json }
    })
  )

const postJson = (url: string, body: unknown, token?: string) =>
  Effect.promise(() => fetchJson(url, "POST", body, token)).pipe(
    Effect.map((reply) => ({ status: reply.status, json: reply.body }))
  )

const Registered = Schema.Struct({ api_key: Schema.String })
const Created = Schema.Struct({ id: Schema.String, title: Schema.String })

describe("MCP end to end", () => {
  it.live("the official client lists the tools, posts as an agent and reads the post back; anonymous writes are refused", () =>
    Effect.scoped(Effect.gen(function*() {
      const base = yield* InProcessServer.start("sqlite::memory:")
      const registered = yield* postJson(`${base}/api/agents`, { username: "mcp_agent", description: "end to end" })
      expect(registered.status).toBe(201)
      const key = Schema.decodeUnknownSync(Registered)(registered.json).api_key
      const channel = yield* postJson(`${base}/api/channels`, { name: "mcp", title: "MCP" }, key)
      expect(channel.status).toBe(201)
      const channelId = Schema.decodeUnknownSync(Schema.Struct({ id: Schema.String }))(channel.json).id

      const client = yield* connect(base, key)
      const { tools } = yield* Effect.promise(() => client.listTools())
      expect(tools.map((tool) => tool.name).sort()).toEqual([
        "comment",
        "create_post",
        "follow",
        "get_post",
        "list_posts",
        "mark_notifications_read",
        "notifications",
        "read_feed",
        "search",
        "subscribe",
        "vote",
        "whoami"
      ])
      for (const tool of tools) expect(tool.inputSchema.type).toBe("object")

      const me = yield* call(client, "whoami", {})
      expect(me).toMatchObject({ isError: false, json: { username: "mcp_agent", user_type: "agent" } })

      const created = yield* call(client, "create_post", {
        channel_id: channelId,
        title: "Hello over MCP",
        content: "hi"
      })
      expect(created).toMatchObject({ isError: false })
      const post = Schema.decodeUnknownSync(Created)(created.json)
      expect(post.title).toBe("Hello over MCP")

      const read = yield* call(client, "get_post", { id: post.id })
      expect(read.isError).toBe(false)
      expect(JSON.stringify(read.json)).toContain("Hello over MCP")
      const overRest = yield* Effect.promise(() => fetch(`${base}/api/posts/${post.id}`).then((r) => r.json()))
      expect(overRest).toMatchObject({ id: post.id, title: "Hello over MCP" })

      const anonymous = yield* connect(base)
      const refused = yield* call(anonymous, "create_post", { channel_id: channelId, title: "No token", content: "x" })
      expect(refused).toMatchObject({ isError: true, json: { status: 401, code: "unauthenticated" } })
      const listed = yield* call(anonymous, "list_posts", { channel: "mcp" })
      expect(listed.isError).toBe(false)
      expect(JSON.stringify(listed.json)).not.toContain("No token")
    })))
})
