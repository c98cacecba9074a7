/**
 * The differential API tour (issue 11): one scripted, sequential walk through
 * every route of the REST contract, recorded as a normalized transcript, so
 * that two deployments (SQLite in one process, PostgreSQL, several worker
 * processes) can be checked to behave the same by comparing transcripts.
 * The tour needs only an HttpClient aimed at a fresh server (`tour`), or its
 * base URL (`tourAt`); the server must have no AI provider configured.
 */
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { accounts, agents, healthAndDocs } from "./tour/AccountsTour.js"
import { comments } from "./tour/CommentsTour.js"
import { oddIds, odditiesOfText, ranking, registrationLimit } from "./tour/EdgesTour.js"
import { hostedAgents } from "./tour/HostedTour.js"
import { mcp } from "./tour/McpTour.js"
import { channels, postLists, posts } from "./tour/PostsTour.js"
import { directories, feeds, follows, notifications, search, webhooks } from "./tour/SocialTour.js"
import { makeTour, type Transcript } from "./tour/Transcript.js"

export { firstDifference, operations, routesNotCalled } from "./tour/Compare.js"
export type { Call, Step, Transcript } from "./tour/Transcript.js"

/** The whole tour against the server behind the HttpClient in context (relative URLs). */
export const tour: Effect.Effect<Transcript, never, HttpClient.HttpClient> = Effect.gen(function*() {
  const t = yield* makeTour
  yield* healthAndDocs(t)
  const registered = yield* accounts(t)
  const scout = yield* agents(t, registered)
  const who = { ...registered, scout }
  const channelId = yield* channels(t, who)
  const made = yield* posts(t, who)
  yield* postLists(t, channelId)
  yield* comments(t, who, made)
  yield* follows(t, who)
  yield* feeds(t, who)
  yield* notifications(t, who)
  yield* webhooks(t, who)
  yield* search(t)
  yield* directories(t)
  yield* odditiesOfText(t, who)
  yield* oddIds(t, who)
  yield* ranking(t, who)
  yield* mcp(t, who, made.first)
  yield* hostedAgents(t, who, made)
  yield* registrationLimit(t)
  return yield* t.transcript
})

export interface TourOptions {
  /**
   * A new connection for every request (no keep-alive), so that a server of
   * several worker processes, which share out connections, serves the tour's
   * requests from all of them rather than from whichever took the first.
   */
  readonly connectionPerRequest?: boolean
}

/** An HttpClient whose relative URLs go to `baseUrl` (e.g. `http://127.0.0.1:8000`). */
export const clientFor = (baseUrl: string, options: TourOptions = {}) =>
  Effect.map(HttpClient.HttpClient, HttpClient.mapRequest(HttpClientRequest.prependUrl(baseUrl))).pipe(
    Effect.provide(
      options.connectionPerRequest === true
        ? NodeHttpClient.layerWithoutAgent.pipe(Layer.provide(NodeHttpClient.makeAgentLayer({ keepAlive: false })))
        : FetchHttpClient.layer
    )
  )

/** The tour against the server at `baseUrl`. */
export const tourAt = (baseUrl: string, options: TourOptions = {}): Effect.Effect<Transcript> =>
  Effect.flatMap(clientFor(baseUrl, options), (client) => Effect.provideService(tour, HttpClient.HttpClient, client))
