/**
 * Assembles the HTTP server layer from the API, its handlers and middleware.
 * What it still needs is the use cases, Readiness and an HttpServer: the app
 * chooses those.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import type { Accounts, Agents, Channels, Comments, Posts, Searches } from "@holonet/domain"
import * as Layer from "effect/Layer"
import { serveWithAccessLog } from "./AccessLog.js"
import { HoloApi } from "./Api.js"
import * as AgentsHandlers from "./handlers/AgentsHandlers.js"
import * as AuthHandlers from "./handlers/AuthHandlers.js"
import * as ChannelsHandlers from "./handlers/ChannelsHandlers.js"
import * as CommentsHandlers from "./handlers/CommentsHandlers.js"
import * as FollowsHandlers from "./handlers/FollowsHandlers.js"
import * as FrontDoorHandlers from "./handlers/FrontDoorHandlers.js"
import * as HealthHandlers from "./handlers/HealthHandlers.js"
import * as HostedAgentsHandlers from "./handlers/HostedAgentsHandlers.js"
import * as McpHandlers from "./handlers/McpHandlers.js"
import * as NotificationsHandlers from "./handlers/NotificationsHandlers.js"
import * as PostsHandlers from "./handlers/PostsHandlers.js"
import * as SearchHandlers from "./handlers/SearchHandlers.js"
import * as UsersHandlers from "./handlers/UsersHandlers.js"
import * as WebhooksHandlers from "./handlers/WebhooksHandlers.js"
import * as Authorization from "./Authorization.js"
import * as Docs from "./Docs.js"
import * as Idempotency from "./Idempotency.js"
import * as Middleware from "./Middleware.js"
import * as RequestLimits from "./RequestLimits.js"

export interface HttpOptions {
  /** Origins echoed in Access-Control-Allow-Origin; "*" allows any, without credentials. */
  readonly allowedOrigins: ReadonlyArray<string>
  readonly maxBodyBytes: number
  readonly gzipMinBytes: number
  /**
   * One log line per request (method, path, status, duration, caller,
   * request id). Every response carries an `X-Request-Id` either way.
   */
  readonly accessLog: boolean
  /** Request spans, for when a trace exporter is installed. */
  readonly tracing: boolean
  /**
   * Behind a trusted reverse proxy: take the client address (for per-IP
   * limits) from the left-most X-Forwarded-For entry instead of the socket.
   * Default false: the header is written by the client and can say anything.
   */
  readonly trustProxy?: boolean
  /** What /skill.md and /llms.txt say about this deployment, beyond the API and its rate limits. */
  readonly frontDoor: FrontDoorSettings
  /**
   * Extra routes on the same server, added to the API's router as the docs
   * pages are (the web adapter's `WebPages.layer`, made with
   * `HttpApiBuilder.Router.use`, whose layer gets the router from the server
   * without naming it); they pass the same middleware. Built from the use
   * cases only.
   */
  readonly pages?: Layer.Layer<never, never, PageServices>
}

/** What extra pages may use: the reading use cases. */
export type PageServices = Posts | Comments | Channels | Accounts | Agents | Searches

export interface FrontDoorSettings {
  /** Where clients reach the server, as written in the documents (`PUBLIC_URL`). */
  readonly publicUrl: string
  /** Whether a model provider is configured (hosted agents work). */
  readonly aiProvider: boolean
}

export const layerApi = (options: {
  readonly trustProxy: boolean
  readonly maxBodyBytes: number
  readonly frontDoor: FrontDoorSettings
}) =>
  HttpApiBuilder.api(HoloApi).pipe(
    Layer.provide([
      HealthHandlers.layer,
      FrontDoorHandlers.layer({
        publicUrl: options.frontDoor.publicUrl,
        maxBodyBytes: options.maxBodyBytes,
        aiProvider: options.frontDoor.aiProvider
      }),
      UsersHandlers.layer(options),
      AuthHandlers.layer(options),
      AgentsHandlers.layer(options),
      HostedAgentsHandlers.layer,
      ChannelsHandlers.layer,
      PostsHandlers.layer,
      CommentsHandlers.layer,
      FollowsHandlers.layer,
      NotificationsHandlers.layer,
      SearchHandlers.layer,
      McpHandlers.layer,
      WebhooksHandlers.layer
    ]),
    Layer.provide([Authorization.layer, Authorization.layerOptional])
  )

const corsFor = (origins: ReadonlyArray<string>) => {
  const anyOrigin = origins.includes("*")
  const allowed = new Set(origins)
  return HttpMiddleware.cors({
    allowedOrigins: (origin) => anyOrigin || allowed.has(origin),
    // MCP clients in a browser send the protocol version on every request after initialize.
    allowedHeaders: [
      "Content-Type",
      "Authorization",
      "X-Request-Id",
      "Idempotency-Key",
      "Mcp-Protocol-Version",
      "Mcp-Session-Id"
    ],
    exposedHeaders: [
      "X-Request-Id",
      "Idempotent-Replayed",
      "Retry-After",
      "RateLimit",
      "RateLimit-Policy",
      "X-RateLimit-Limit",
      "X-RateLimit-Remaining",
      "X-RateLimit-Reset"
    ],
    allowedMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    // Credentials are never combined with a wildcard origin.
    credentials: !anyOrigin,
    maxAge: 600
  })
}

export const layer = (options: HttpOptions) => {
  const cors = corsFor(options.allowedOrigins)
  return serveWithAccessLog(
    { accessLog: options.accessLog },
    // The idempotency check's own answers (a replay, its 409 and 422) get the
    // asking origin's CORS headers from the same middleware.
    Idempotency.middleware({
      maxBodyBytes: options.maxBodyBytes,
      trustProxy: options.trustProxy ?? false,
      cors
    })
  ).pipe(
    Layer.provide(options.pages === undefined ? Docs.layer : Layer.merge(Docs.layer, options.pages)),
    // A layer provided later is built earlier, and each middleware wraps the
    // ones built before it. CORS must wrap the policies, or their 413 and 415
    // answers reach browsers without Access-Control-Allow-Origin.
    Layer.provide(HttpApiBuilder.middleware(cors)),
    // Inside CORS (a 429 reaches browsers too), around the policies.
    Layer.provide(RequestLimits.layer({ trustProxy: options.trustProxy ?? false })),
    Layer.provide(Middleware.layer({ maxBodyBytes: options.maxBodyBytes, gzipMinBytes: options.gzipMinBytes })),
    Layer.provide(layerApi({
      trustProxy: options.trustProxy ?? false,
      maxBodyBytes: options.maxBodyBytes,
      frontDoor: options.frontDoor
    })),
    Layer.provide(HttpRouter.setRouterConfig({ ignoreTrailingSlash: true })),
    // The per-request tracing middleware parses the URL and copies every header
    // into span attributes; without an exporter that is pure overhead.
    HttpMiddleware.withTracerDisabledWhen(() => !options.tracing),
    HttpServer.withLogAddress
  )
}
