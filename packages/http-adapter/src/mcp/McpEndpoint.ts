/**
 * One MCP request, answered by the official SDK: a low-level `Server` whose
 * tools are McpTools.ts, on the Web-standard Streamable HTTP transport in
 * stateless mode (a fresh server and transport per request, JSON answers, no
 * session), as the SDK requires for stateless use. The HttpApi handler hands
 * it the request and sends back the Response (handlers/McpHandlers.ts).
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js"
import type { User } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import type { McpTool, ToolFailure } from "./McpTools.js"

export const serverInfo = { name: "holonet", version: "1.1.0" }

/**
 * The SDK's modules, imported on the first MCP request: with zod they hold
 * some 7 MB of heap, which every server process would otherwise carry from
 * start-up whether or not any client speaks MCP to it.
 */
const loadSdk = async () => {
  const [server, transport, types] = await Promise.all([
    import("@modelcontextprotocol/sdk/server/index.js"),
    import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js"),
    import("@modelcontextprotocol/sdk/types.js")
  ])
  return { ...server, ...transport, ...types }
}
type Sdk = Awaited<ReturnType<typeof loadSdk>>
let sdkLoading: Promise<Sdk> | undefined
const sdk = Effect.promise(() => (sdkLoading ??= loadSdk()))

const text = (value: unknown) => [{ type: "text" as const, text: JSON.stringify(value) }]

/** The tool as `tools/list` shows it. */
const descriptorOf = (tool: McpTool): Tool => ({
  name: tool.name,
  description: tool.description,
  inputSchema: tool.inputSchema,
  annotations: { readOnlyHint: tool.readOnly, openWorldHint: false }
})

/** A failed call: a tool error (not a protocol error) carrying the REST status, `detail` and `code`. */
const toolError = (failure: ToolFailure): CallToolResult => ({
  isError: true,
  content: text({ status: failure.status, ...failure.body })
})

const resultOf = (tool: McpTool, args: unknown, caller: Option.Option<User>) =>
  Effect.match(tool.call(args, caller), {
    onFailure: toolError,
    onSuccess: (value): CallToolResult => ({ content: text(value) })
  })

const makeServer = (
  { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, Server }: Sdk,
  tools: ReadonlyArray<McpTool>,
  caller: Option.Option<User>,
  runtime: Runtime.Runtime<never>
) => {
  const byName = new Map<string, McpTool>(tools.map((tool) => [tool.name, tool]))
  const server = new Server(serverInfo, { capabilities: { tools: {} } })
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map(descriptorOf) }))
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    const tool = byName.get(request.params.name)
    // An unknown tool is a protocol error (MCP spec, "Error Handling").
    if (tool === undefined) {
      return Promise.reject(new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`))
    }
    return Runtime.runPromise(runtime, resultOf(tool, request.params.arguments ?? {}, caller))
  })
  return server
}

/**
 * Answers one MCP POST. The body was already read and parsed as JSON by the
 * HttpApi, within the request's size bound, like every route's; the
 * transport checks the JSON-RPC and answers its errors itself.
 */
export const answer = (
  request: HttpServerRequest.HttpServerRequest,
  body: unknown,
  tools: ReadonlyArray<McpTool>,
  caller: Option.Option<User>
) =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<never>()
    const loaded = yield* sdk
    const webRequest = new Request(`http://holonet.local${request.url}`, {
      method: request.method,
      headers: new Headers(Object.entries(request.headers))
    })
    return yield* Effect.acquireUseRelease(
      Effect.promise(async () => {
        const server = makeServer(loaded, tools, caller, runtime)
        // No sessionIdGenerator: stateless.
        const transport = new loaded.WebStandardStreamableHTTPServerTransport({
          enableJsonResponse: true
        })
        await server.connect(transport)
        return { server, transport }
      }),
      ({ transport }) =>
        Effect.promise(async () => {
          const response = await transport.handleRequest(webRequest, { parsedBody: body })
          // Read before the transport closes: in JSON mode the answer is complete by now.
          const bytes = new Uint8Array(await response.arrayBuffer())
          if (response.status >= 400) return refusal(response.status, bytes)
          const headers: Record<string, string> = {}
          response.headers.forEach((value, name) => {
            if (name !== "content-length" && name !== "content-type") headers[name] = value
          })
          return HttpServerResponse.uint8Array(bytes, {
            status: response.status,
            headers,
            contentType: response.headers.get("content-type") ?? "application/json"
          })
        }),
      ({ server }) => Effect.promise(() => server.close())
    )
  })

const JsonRpcError = Schema.parseJson(Schema.Struct({ error: Schema.Struct({ message: Schema.String }) }))

const refusalCodes: Record<number, string> = {
  400: "bad_request",
  406: "not_acceptable",
  413: "payload_too_large",
  415: "unsupported_media_type"
}

/**
 * An HTTP error of the transport (malformed JSON-RPC, a wrong Accept), in
 * the API's error shape: the JSON-RPC error's message as `detail`. MCP lets
 * the body of such an answer be anything; clients go by the status.
 */
const refusal = (status: number, bytes: Uint8Array) => {
  const decoded = Schema.decodeUnknownOption(JsonRpcError)(new TextDecoder().decode(bytes))
  return HttpServerResponse.unsafeJson(
    {
      detail: Option.match(decoded, { onNone: () => "Invalid MCP request", onSome: (body) => body.error.message }),
      code: refusalCodes[status] ?? "mcp_error"
    },
    { status }
  )
}

/** GET and DELETE `/mcp`: a stateless server has no stream to open and no session to end. */
export const methodNotAllowed = HttpServerResponse.unsafeJson(
  {
    detail: "Method Not Allowed: this MCP server is stateless; send JSON-RPC messages with POST",
    code: "method_not_allowed"
  },
  { status: 405, headers: { allow: "POST" } }
)
