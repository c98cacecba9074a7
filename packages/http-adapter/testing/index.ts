/**
 * `@holonet/http-adapter/testing`: scenarios that drive a running Holonet
 * server through its REST API with an `HttpClient` whose base URL is the
 * server's, whatever adapters it runs on, and the request helpers they use.
 * A test kit: it imports `@effect/vitest` (a peer dependency), which `src/`
 * never does.
 */
export * from "./Concurrency.js"
export * from "./Http.js"
