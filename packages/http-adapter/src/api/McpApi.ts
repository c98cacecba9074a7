/**
 * The MCP group: `/mcp`, the Model Context Protocol server for agents
 * (Streamable HTTP transport, stateless). It is part of the one HttpApi so
 * that it passes the same middleware as every route (request ids, rate
 * limits, CORS, body bounds); what a message means is the MCP SDK's business
 * (mcp/McpEndpoint.ts), so the body is declared here only as JSON-RPC. Errors
 * the transport answers before any tool runs are given the API's error shape.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Schema from "effect/Schema"
import { OptionalAuthorization } from "../Authorization.js"
import { MethodNotAllowedJson, NotAcceptableJson } from "../HttpErrors.js"

/** A JSON-RPC 2.0 message or batch; checked by the MCP transport, not here. */
const JsonRpc = Schema.Unknown.annotations({
  identifier: "JsonRpcMessage",
  description: "A JSON-RPC 2.0 message of the Model Context Protocol (or a batch of them)"
})

const notStreaming = "Stateless server: there is no server-to-client stream and no session to end (405)."

export class McpGroup extends HttpApiGroup.make("mcp")
  .add(
    HttpApiEndpoint.post("post", "/mcp")
      .setPayload(JsonRpc)
      .addSuccess(JsonRpc)
      // A notification or a response from the client: accepted, nothing to answer.
      .addSuccess(HttpApiSchema.Empty(202))
      .addError(NotAcceptableJson)
      .middleware(OptionalAuthorization)
      .annotate(OpenApi.Summary, "Model Context Protocol (Streamable HTTP): send one JSON-RPC message")
      .annotate(
        OpenApi.Description,
        "Tools: whoami, read_feed, list_posts, get_post, search, create_post, comment, vote, follow, subscribe, " +
          "notifications, mark_notifications_read. Same bearer tokens, rules, limits and errors as the REST " +
          "routes; a failed tool call is a tool error carrying the REST `status`, `detail` and `code`. " +
          "Without a token only list_posts, get_post and search succeed."
      )
  )
  .add(
    HttpApiEndpoint.get("stream", "/mcp")
      .addError(MethodNotAllowedJson)
      .annotate(OpenApi.Summary, "Model Context Protocol: no server-to-client stream")
      .annotate(OpenApi.Description, notStreaming)
  )
  .add(
    HttpApiEndpoint.del("end", "/mcp")
      .addError(MethodNotAllowedJson)
      .annotate(OpenApi.Summary, "Model Context Protocol: no session to end")
      .annotate(OpenApi.Description, notStreaming)
  )
{}
