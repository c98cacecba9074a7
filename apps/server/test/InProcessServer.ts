/**
 * The whole server as wired for production (`Server.layer`), started in the
 * test's own process on a random loopback port: the settings every such test
 * shares (a fixed secret, cheap password hashes, no access log), the
 * database and anything else a test needs on top. Tests with real processes
 * use ServerProcesses.ts instead.
 */
import { FetchHttpClient, HttpClient, HttpClientRequest, HttpServer } from "@effect/platform"
import { ConfigProvider, Context, Effect, Layer } from "effect"
import * as Server from "../src/Server.js"

export const secretKey = "an-adequately-long-test-secret-key-0123456789"

/** The configuration of a test server on `databaseUrl`; `extra` adds to and overrides it. */
export const configFor = (databaseUrl: string, extra: Readonly<Record<string, string>> = {}) =>
  ConfigProvider.fromMap(
    new Map([
      ["PORT", "0"],
      ["HOST", "127.0.0.1"],
      ["DATABASE_URL", databaseUrl],
      ["SECRET_KEY", secretKey],
      ["SCRYPT_COST", "1024"],
      ["ACCESS_LOG", "false"],
      // Tests burst from one address; a test about limits turns them on.
      ["RATE_LIMITS", "off"],
      ...Object.entries(extra)
    ])
  )

/** Starts a server in the current scope (stopped when it closes) and answers its base URL. */
export const start = (databaseUrl: string, extra: Readonly<Record<string, string>> = {}) =>
  Effect.gen(function*() {
    const context = yield* Layer.build(
      Server.layer.pipe(Layer.provide(Layer.setConfigProvider(configFor(databaseUrl, extra))))
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    return `http://127.0.0.1:${address._tag === "TcpAddress" ? address.port : 0}`
  })

/** An HttpClient whose relative URLs go to `base`. */
export const clientAt = (base: string): Layer.Layer<HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, HttpClient.mapRequest(HttpClientRequest.prependUrl(base)))
  ).pipe(Layer.provide(FetchHttpClient.layer))

/** Runs `scenario` against a server started on `databaseUrl`, stopped afterwards. */
export const onServer = <A, E, R>(
  databaseUrl: string,
  scenario: Effect.Effect<A, E, R>,
  extra: Readonly<Record<string, string>> = {}
) => Effect.scoped(Effect.flatMap(start(databaseUrl, extra), (base) => Effect.provide(scenario, clientAt(base))))
