/**
 * API documentation served offline: the OpenAPI document, Swagger UI and the
 * Scalar reference page (at /api/redoc, where the original served ReDoc).
 * Their scripts are inlined by @effect/platform; nothing loads from a CDN.
 *
 * The two pages inline about 5 MB of script, which costs some 25 MB of heap
 * once their modules are loaded, in every server process, though few servers
 * ever show them. So each page's module is imported on the page's first
 * visit, its page built once with the platform's own route, and kept.
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpLayerRouter from "@effect/platform/HttpLayerRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

type PageRoute = Layer.Layer<never, never, HttpLayerRouter.HttpRouter>

/** The page at `path`, made by `route` (which loads the page's module) when it is first asked for. */
const pageOnFirstVisit = (path: `/${string}`, route: (api: HttpApi.HttpApi.Any) => Promise<PageRoute>) =>
  HttpApiBuilder.Router.use((router) =>
    Effect.gen(function*() {
      const { api } = yield* HttpApi.Api
      const page = yield* Effect.cached(
        Effect.gen(function*() {
          const app = yield* HttpLayerRouter.toHttpEffect(yield* Effect.promise(() => route(api)))
          // The page is one constant response, whoever asks: answer a made-up request once.
          return yield* Effect.provideService(
            app,
            HttpServerRequest.HttpServerRequest,
            HttpServerRequest.fromWeb(new Request(`http://docs.local${path}`))
          )
        }).pipe(Effect.scoped, Effect.orDie)
      )
      yield* router.get(path, page)
    })
  )

export const layer = Layer.mergeAll(
  HttpApiBuilder.middlewareOpenApi({ path: "/api/openapi.json" }),
  pageOnFirstVisit(
    "/api/docs",
    (api) => import("@effect/platform/HttpApiSwagger").then((ui) => ui.layerHttpLayerRouter({ api, path: "/api/docs" }))
  ),
  pageOnFirstVisit(
    "/api/redoc",
    (api) => import("@effect/platform/HttpApiScalar").then((ui) => ui.layerHttpLayerRouter({ api, path: "/api/redoc" }))
  )
)
