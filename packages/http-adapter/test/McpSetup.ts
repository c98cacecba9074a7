/**
 * Shared by the MCP tests: the official MCP SDK client (`Client` over
 * `StreamableHTTPClientTransport`) connected to the test server's `/mcp`,
 * optionally with a bearer token, closed with the test's scope; and the
 * JSON a tool call answered.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import { Effect, Schema } from "effect"
import { serverPort } from "./Http.js"

/** A connected MCP client; `token` goes in `Authorization: Bearer`. */
export const mcpClient = (token?: string) =>
  Effect.flatMap(serverPort, (port) =>
    Effect.acquireRelease(
      Effect.promise(async () => {
        const client = new Client({ name: "holonet-test", version: "1.0.0" })
        const transport = new StreamableHTTPClientTransport(
          new URL(`http://127.0.0.1:${port}/mcp`),
          token === undefined ? {} : { requestInit: { headers: { authorization: `Bearer ${token}` } } }
        )
        await client.connect(transport)
        return client
      }),
      (client) => Effect.promise(() => client.close())
    ))

const TextResult = Schema.Struct({
  isError: Schema.optional(Schema.Boolean),
  content: Schema.Tuple(Schema.Struct({ type: Schema.Literal("text"), text: Schema.String }))
})

/** What a tool call answered: whether it is a tool error, and its one text content parsed as JSON. */
export const callTool = (client: Client, name: string, args: Record<string, unknown> = {}) =>
  Effect.promise(() => client.callTool({ name, arguments: args })).pipe(
    Effect.map((result) => {
      const decoded = Schema.decodeUnknownSync(TextResult)(result)
      const json: unknown = JSON.parse(decoded.content[0].text)
      return { isError: decoded.isError === true, json }
    })
  )
