/**
 * Handler of `GET /api/search`. The domain answers a union tagged by the
 * searched type; each member is written with its own hand-written JSON body,
 * as a bare array like every other list.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Searches, type SearchResults } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { HoloApi } from "../Api.js"
import { channelJson, commentJson, postJson, userJson } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

/** The wire form of a search answer; also what the MCP `search` tool returns. */
export const resultsJson = (results: SearchResults): ReadonlyArray<object> => {
  switch (results.type) {
    case "posts":
      return results.items.map(postJson)
    case "comments":
      return results.items.map(commentJson)
    case "channels":
      return results.items.map(channelJson)
    case "users":
      return results.items.map(userJson)
  }
}

export const layer = HttpApiBuilder.group(HoloApi, "search", (handlers) =>
  Effect.gen(function*() {
    const searches = yield* Searches
    return handlers.handle("find", ({ urlParams }) =>
      searches.find(urlParams.q, urlParams.type ?? "posts", pageOf(urlParams)).pipe(
        Effect.map((results) =>
          HttpServerResponse.unsafeJson(resultsJson(results))
        )
      ))
  }))
