/**
 * `@holonet/http-adapter/testing`: scenarios that drive a running Holonet
 * server through its REST API with an `HttpClient` whose base URL is the
 * server's, whatever adapters it runs on, and the request helpers they use.
 * It also starts the HTTP adapter on a real socket over the in-memory domain
 * (`TestServer.layer`), for tests of any package that needs a server. A test kit:
 * it imports `@effect/vitest` and `@effect/platform-node` (peer dependencies), which `src/`
 * never does.
 */
export * from "./Concurrency.js"
export * from "./Http.js"
export * from "./Idempotency.js"
export * as TestServer from "./TestServer.js"
export { drainNotifications, drainWebhooks, type TestServerOptions } from "./TestServer.js"
