/**
 * The whole server as it is wired for production, on PostgreSQL: a database
 * of its own for the test (`@holonet/sql-adapter/testing`), a pool of ten
 * connections, and the same bursts the SQLite run survives, over a real socket.
 */
import { FetchHttpClient, HttpClient, HttpClientRequest, HttpServer } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { concurrencyScenario } from "@holonet/http-adapter/testing"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"
import { ConfigProvider, Context, Effect, Layer, Redacted } from "effect"
import * as Server from "../src/Server.js"

const configFor = (databaseUrl: Redacted.Redacted) =>
  ConfigProvider.fromMap(
    new Map([
      ["PORT", "0"],
      ["HOST", "127.0.0.1"],
      ["DATABASE_URL", Redacted.value(databaseUrl)],
      ["DATABASE_POOL_SIZE", "10"],
      ["SECRET_KEY", "an-adequately-long-test-secret-key-0123456789"],
      ["SCRYPT_COST", "1024"],
      ["ACCESS_LOG", "false"]
    ])
  )

describe("server on PostgreSQL", () => {
  it.live("concurrent votes and comments stay exact on PostgreSQL with a pool of ten", () =>
    Effect.scoped(
      Effect.gen(function*() {
        const databaseUrl = yield* TempDatabasePg.url
        const context = yield* Layer.build(
          Server.layer.pipe(Layer.provide(Layer.setConfigProvider(configFor(databaseUrl))))
        )
        const address = Context.get(context, HttpServer.HttpServer).address
        const base = `http://127.0.0.1:${address._tag === "TcpAddress" ? address.port : 0}`
        const counts = yield* concurrencyScenario("postgres").pipe(
          Effect.provide(
            Layer.effect(
              HttpClient.HttpClient,
              Effect.map(HttpClient.HttpClient, HttpClient.mapRequest(HttpClientRequest.prependUrl(base)))
            ).pipe(Layer.provide(FetchHttpClient.layer))
          )
        )
        expect(counts).toEqual({
          upvotesAfterManyVoters: 50,
          authorKarma: 50,
          upvotesAfterRepeatedVote: 1,
          commentCount: 50,
          commentsListed: 50
        })
      })
    ))
})
