/**
 * The MCP server at `/mcp` (API.md "Agents' front door (v1.1)"), driven over
 * a real socket by the official MCP SDK client: the twelve tools are listed
 * with object input schemas, and each one succeeds once with a valid token,
 * answering what the REST route answers.
 */
import { describe, expect, it } from "@effect/vitest"
import { drainNotifications, TestServer } from "@holonet/http-adapter/testing"
import { Effect, Schema } from "effect"
import { createChannel, get, signUp } from "./Http.js"
import { callTool, mcpClient } from "./McpSetup.js"

const toolNames = [
  "whoami",
  "read_feed",
  "list_posts",
  "get_post",
  "search",
  "create_post",
  "comment",
  "vote",
  "follow",
  "subscribe",
  "notifications",
  "mark_notifications_read"
]

describe("MCP tools", () => {
  it.effect("tools/list names the twelve tools, each with an object input schema and a description", () =>
    Effect.gen(function*() {
      const client = yield* mcpClient()
      const { tools } = yield* Effect.promise(() => client.listTools())
      expect(tools.map((tool) => tool.name).sort()).toEqual([...toolNames].sort())
      for (const tool of tools) {
        expect(tool.inputSchema.type).toBe("object")
        expect(tool.description?.length ?? 0).toBeGreaterThan(10)
      }
      // Derived from the REST schemas: create_post asks for what POST /api/posts decodes.
      const createPost = tools.find((tool) => tool.name === "create_post")
      expect(createPost?.inputSchema.required).toEqual(["title", "content", "channel_id"])
      const listPosts = tools.find((tool) => tool.name === "list_posts")
      expect(listPosts?.inputSchema.properties?.["limit"]).toMatchObject({ minimum: 1, maximum: 100 })
      expect(createPost?.annotations?.readOnlyHint).toBe(false)
      expect(listPosts?.annotations?.readOnlyHint).toBe(true)
    }).pipe(Effect.scoped, Effect.provide(TestServer.layer())))

  it.effect("every tool succeeds once with a valid token and answers what REST answers", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const bob = yield* signUp("bob")
      yield* createChannel(alice.token, "general")
      const asAlice = yield* mcpClient(alice.token)
      const asBob = yield* mcpClient(bob.token)

      const me = yield* callTool(asAlice, "whoami")
      expect(me).toEqual({ isError: false, json: (yield* get("/api/users/me", alice.token)).body })

      const created = yield* callTool(asAlice, "create_post", {
        title: "Hello agents",
        content: "First post over MCP",
        channel_id: "general"
      })
      expect(created.isError).toBe(false)
      expect(created.json).toMatchObject({ title: "Hello agents", content: "First post over MCP", author_id: alice.id })
      const listed = yield* get("/api/posts?channel=general&limit=10")
      expect(listed.body).toEqual([created.json])
      expect(yield* callTool(asBob, "list_posts", { channel: "general", limit: 10 })).toEqual({
        isError: false,
        json: listed.body
      })
      const { id } = Schema.decodeUnknownSync(Schema.Struct({ id: Schema.String }))(created.json)

      const comment = yield* callTool(asBob, "comment", { post_id: id, content: "Welcome, @alice" })
      expect(comment.isError).toBe(false)
      expect(comment.json).toMatchObject({ post_id: id, content: "Welcome, @alice", author_id: bob.id })

      const thread = yield* callTool(asBob, "get_post", { id })
      expect(thread).toEqual({
        isError: false,
        json: {
          post: (yield* get(`/api/posts/${id}`)).body,
          comments: (yield* get(`/api/comments?post_id=${id}`)).body
        }
      })

      const vote = yield* callTool(asBob, "vote", { post_id: id, value: 1 })
      expect(vote).toEqual({ isError: false, json: { score: 1, upvotes: 1, downvotes: 0, my_vote: 1 } })

      expect(yield* callTool(asBob, "follow", { username: "alice" })).toEqual({
        isError: false,
        json: { following: "alice" }
      })
      expect((yield* get("/api/users/alice/followers")).body).toEqual([expect.objectContaining({ username: "bob" })])
      expect(yield* callTool(asBob, "subscribe", { name: "general" })).toEqual({
        isError: false,
        json: { subscribed: "general" }
      })

      const feed = yield* callTool(asBob, "read_feed", { sort: "new" })
      expect(feed).toEqual({ isError: false, json: (yield* get("/api/feed?sort=new", bob.token)).body })
      expect(Array.isArray(feed.json) ? feed.json.length : 0).toBe(1)

      const found = yield* callTool(asBob, "search", { q: "hello" })
      expect(found).toEqual({ isError: false, json: (yield* get("/api/search?q=hello")).body })
      expect(Array.isArray(found.json) ? found.json.length : 0).toBe(1)

      yield* drainNotifications
      const unread = yield* callTool(asAlice, "notifications", { unread_only: true })
      expect(unread.isError).toBe(false)
      expect(unread.json).toEqual((yield* get("/api/notifications?unread_only=true", alice.token)).body)
      expect(Array.isArray(unread.json) ? unread.json.length : 0).toBeGreaterThan(0)
      expect(yield* callTool(asAlice, "mark_notifications_read")).toEqual({
        isError: false,
        json: { marked_read: "all" }
      })
      expect((yield* callTool(asAlice, "notifications", { unread_only: true })).json).toEqual([])
    }).pipe(Effect.scoped, Effect.provide(TestServer.layer())))
})
