/**
 * Handlers of the MCP group: POST `/mcp` hands the request to the MCP server
 * (mcp/McpEndpoint.ts) with the caller its bearer token names, if any; GET
 * and DELETE answer 405, as the Streamable HTTP transport allows a server
 * without streams or sessions to.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Effect from "effect/Effect"
import { HoloApi } from "../Api.js"
import { OptionalCurrentUser } from "../Authorization.js"
import { answer, methodNotAllowed } from "../mcp/McpEndpoint.js"
import { makeTools } from "../mcp/McpTools.js"

export const layer = HttpApiBuilder.group(HoloApi, "mcp", (handlers) =>
  Effect.gen(function*() {
    const tools = yield* makeTools
    return handlers
      .handle("post", ({ payload }) =>
        Effect.gen(function*() {
          const request = yield* HttpServerRequest.HttpServerRequest
          const caller = yield* OptionalCurrentUser
          return yield* answer(request, payload, tools, caller)
        }))
      .handle("stream", () => Effect.succeed(methodNotAllowed))
      .handle("end", () => Effect.succeed(methodNotAllowed))
  }))
