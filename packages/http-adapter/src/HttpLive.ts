/**
 * Assembles the HTTP server layer from the API, its handlers and middleware.
 * What it still needs is the use cases, Readiness and an HttpServer: the app
 * chooses those.
 */
import { HttpApiBuilder, HttpMiddleware, HttpRouter, HttpServer } from "@effect/platform"
import { Layer } from "effect"
import { HoloApi } from "./Api.js"
import { AuthorizationLive } from "./Authorization.js"
import { ChannelsLive } from "./ChannelsLive.js"
import { DocsLive } from "./Docs.js"
import { HealthLive } from "./HealthLive.js"
import { layerHttpPolicies } from "./Middleware.js"
import { PostsLive } from "./PostsLive.js"
import { AuthLive, UsersLive } from "./UsersLive.js"

export interface HttpOptions {
  /** Origins echoed in Access-Control-Allow-Origin; "*" allows any, without credentials. */
  readonly allowedOrigins: ReadonlyArray<string>
  readonly maxBodyBytes: number
  readonly gzipMinBytes: number
  /** One log line per request. */
  readonly accessLog: boolean
  /** Request spans, for when a trace exporter is installed. */
  readonly tracing: boolean
}

export const ApiLive = HttpApiBuilder.api(HoloApi).pipe(
  Layer.provide([HealthLive, UsersLive, AuthLive, ChannelsLive, PostsLive]),
  Layer.provide(AuthorizationLive)
)

const corsFor = (origins: ReadonlyArray<string>) => {
  const anyOrigin = origins.includes("*")
  const allowed = new Set(origins)
  return HttpApiBuilder.middlewareCors({
    allowedOrigins: (origin) => anyOrigin || allowed.has(origin),
    allowedHeaders: ["Content-Type", "Authorization"],
    allowedMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    // Credentials are never combined with a wildcard origin.
    credentials: !anyOrigin,
    maxAge: 600
  })
}

export const makeHttpLive = (options: HttpOptions) =>
  HttpApiBuilder.serve(options.accessLog ? HttpMiddleware.logger : undefined).pipe(
    Layer.provide(DocsLive),
    // A layer provided later is built earlier, and each middleware wraps the
    // ones built before it. CORS must wrap the policies, or their 413 and 415
    // answers reach browsers without Access-Control-Allow-Origin.
    Layer.provide(corsFor(options.allowedOrigins)),
    Layer.provide(layerHttpPolicies({ maxBodyBytes: options.maxBodyBytes, gzipMinBytes: options.gzipMinBytes })),
    Layer.provide(ApiLive),
    Layer.provide(HttpRouter.setRouterConfig({ ignoreTrailingSlash: true })),
    // The per-request tracing middleware parses the URL and copies every header
    // into span attributes; without an exporter that is pure overhead.
    HttpMiddleware.withTracerDisabledWhen(() => !options.tracing),
    HttpServer.withLogAddress
  )
