/**
 * The tour's MCP steps: `/mcp` spoken as raw JSON-RPC (the stateless server
 * needs no session), so that the MCP server's answers, tool results and tool
 * errors, are compared across stores like every REST answer.
 */
import { Effect } from "effect"
import type { Accounts } from "./AccountsTour.js"
import type { Tour } from "./Transcript.js"

/** What a Streamable HTTP client sends with every POST. */
const headers = { accept: "application/json, text/event-stream" }

export const mcp = (t: Tour, who: Accounts, postId: string) =>
  Effect.gen(function*() {
    let id = 0
    const rpc = (label: string, method: string, params: unknown, token?: string) =>
      t.call(label, "POST", "/mcp", {
        headers,
        json: { jsonrpc: "2.0", id: ++id, method, params },
        ...(token === undefined ? {} : { token })
      })
    const tool = (label: string, name: string, args: unknown, token?: string) =>
      rpc(label, "tools/call", { name, arguments: args }, token)
    yield* rpc("MCP: initialize", "initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "tour", version: "1.0.0" }
    })
    yield* rpc("MCP: the tools and their input schemas", "tools/list", {})
    yield* tool("MCP: who am I", "whoami", {}, who.bob)
    yield* tool("MCP: a post and its thread", "get_post", { id: postId })
    yield* tool("MCP: posts of a channel", "list_posts", { channel: "general", limit: 5 })
    yield* tool("MCP: a missing post is a tool error", "get_post", { id: "00000000-0000-7000-8000-000000000000" })
    yield* tool("MCP: a write without a token is a tool error", "follow", { username: "alice" })
    yield* tool("MCP: bad arguments are a tool error", "vote", { value: 7 }, who.bob)
    yield* tool("MCP: an unknown tool is a protocol error", "no_such_tool", {})
    yield* t.call("MCP: a bad token is refused", "POST", "/mcp", {
      headers,
      token: "not-a-token",
      json: { jsonrpc: "2.0", id: ++id, method: "tools/list", params: {} }
    })
    yield* t.call("MCP: no server-to-client stream", "GET", "/mcp", { headers })
    yield* t.call("MCP: no session to end", "DELETE", "/mcp")
  })
