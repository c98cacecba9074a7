/**
 * Assembles the HTTP server layer from the API, its handlers and middleware.
 * What it still needs is the use cases, Readiness and an HttpServer: the app
 * chooses those.
 */
import { HttpApiBuilder, HttpMiddleware, HttpRouter, HttpServer } from "@effect/platform"
import { Layer } from "effect"
import { serveWithAccessLog } from "./AccessLog.js"
import { HoloApi } from "./Api.js"
import { makeAgentsLive } from "./AgentsLive.js"
import { AuthorizationLive, OptionalAuthorizationLive } from "./Authorization.js"
import { ChannelsLive } from "./ChannelsLive.js"
import { CommentsLive } from "./CommentsLive.js"
import { DocsLive } from "./Docs.js"
import { FollowsLive } from "./FollowsLive.js"
import { HealthLive } from "./HealthLive.js"
import { HostedAgentsLive } from "./HostedAgentsLive.js"
import { layerHttpPolicies } from "./Middleware.js"
import { NotificationsLive } from "./NotificationsLive.js"
import { PostsLive } from "./PostsLive.js"
import { SearchLive } from "./SearchLive.js"
import { AuthLive, UsersLive } from "./UsersLive.js"

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
}

export const makeApiLive = (options: { readonly trustProxy: boolean }) =>
  HttpApiBuilder.api(HoloApi).pipe(
    Layer.provide([
      HealthLive,
      UsersLive,
      AuthLive,
      makeAgentsLive(options),
      HostedAgentsLive,
      ChannelsLive,
      PostsLive,
      CommentsLive,
      FollowsLive,
      NotificationsLive,
      SearchLive
    ]),
    Layer.provide([AuthorizationLive, OptionalAuthorizationLive])
  )

const corsFor = (origins: ReadonlyArray<string>) => {
  const anyOrigin = origins.includes("*")
  const allowed = new Set(origins)
  return HttpApiBuilder.middlewareCors({
    allowedOrigins: (origin) => anyOrigin || allowed.has(origin),
    allowedHeaders: ["Content-Type", "Authorization", "X-Request-Id"],
    exposedHeaders: ["X-Request-Id"],
    allowedMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    // Credentials are never combined with a wildcard origin.
    credentials: !anyOrigin,
    maxAge: 600
  })
}

export const makeHttpLive = (options: HttpOptions) =>
  serveWithAccessLog({ accessLog: options.accessLog }).pipe(
    Layer.provide(DocsLive),
    // A layer provided later is built earlier, and each middleware wraps the
    // ones built before it. CORS must wrap the policies, or their 413 and 415
    // answers reach browsers without Access-Control-Allow-Origin.
    Layer.provide(corsFor(options.allowedOrigins)),
    Layer.provide(layerHttpPolicies({ maxBodyBytes: options.maxBodyBytes, gzipMinBytes: options.gzipMinBytes })),
    Layer.provide(makeApiLive({ trustProxy: options.trustProxy ?? false })),
    Layer.provide(HttpRouter.setRouterConfig({ ignoreTrailingSlash: true })),
    // The per-request tracing middleware parses the URL and copies every header
    // into span attributes; without an exporter that is pure overhead.
    HttpMiddleware.withTracerDisabledWhen(() => !options.tracing),
    HttpServer.withLogAddress
  )
