/**
 * The pages as routes of the API's own HTTP server (`HttpApiBuilder.Router`),
 * so they pass the same middleware (request ids, access log, rate limits,
 * gzip) as every other route. Every answer is an HTML page with the
 * security headers, errors included: 404 for unknown items and paths under
 * /static, 400 for bad parameters, and a 500 page (the failure logged, never
 * shown) for anything else.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Layout from "./Layout.js"
import * as Pages from "./Pages.js"
import * as QueryParams from "./QueryParams.js"
import { type Params, paramsOf } from "./QueryParams.js"
import * as Stylesheet from "./Stylesheet.js"

/** The stylesheet's answer: its name holds its hash, so it never changes and may be cached for a year. */
const stylesheet = HttpServerResponse.uint8Array(Stylesheet.bytes, {
  contentType: "text/css; charset=utf-8",
  headers: {
    "cache-control": "public, max-age=31536000, immutable",
    "x-content-type-options": "nosniff"
  }
})

const pathOnly = (url: string) => {
  const q = url.indexOf("?")
  return q === -1 ? url : url.slice(0, q)
}

/** Runs a page: its shell rendered, its expected failures as 404 and 400 pages, anything else a logged 500 page. */
const answer = <E extends { readonly _tag: string }>(
  build: (params: Params, routeParams: Readonly<Record<string, string | undefined>>) => Effect.Effect<Layout.Shell, E>
) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const routeParams = yield* HttpRouter.params
    const shell = yield* build(paramsOf(request.url), routeParams)
    return Layout.page(shell)
  }).pipe(
    Effect.catchAll((error: unknown) => {
      if (error instanceof Pages.Missing) return Effect.succeed(Layout.notFound(error.message))
      if (error instanceof QueryParams.BadParameter) return Effect.succeed(Layout.badRequest(error.message))
      return Effect.as(Effect.logError("Web page failed", error), Layout.serverError)
    }),
    Effect.catchAllDefect((defect) => Effect.as(Effect.logError("Web page failed", defect), Layout.serverError))
  )

export const layer = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function*() {
    const pages = yield* Pages.make
    yield* router.get("/", answer((params) => pages.home(params)))
    yield* router.get("/c/:name", answer((params, route) => pages.channel(route["name"] ?? "", params)))
    yield* router.get("/p/:id", answer((params, route) => pages.post(route["id"] ?? "", params)))
    yield* router.get("/u/:username", answer((params, route) => pages.user(route["username"] ?? "", params)))
    yield* router.get("/search", answer((params) => pages.search(params)))
    yield* router.get(
      "/static/*",
      Effect.map(HttpServerRequest.HttpServerRequest, (request) =>
        pathOnly(request.url) === Stylesheet.href ? stylesheet : Layout.notFound("There is no such file."))
    )
  })
)
