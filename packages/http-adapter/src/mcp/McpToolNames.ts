/**
 * The MCP tools of API.md "Agents' front door", by name: what /mcp serves
 * (McpTools.ts builds exactly these) and what skill.md lists.
 */
export const mcpToolNames = [
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
] as const

export type McpToolName = typeof mcpToolNames[number]
