/**
 * The HTTP adapter on a real socket over the in-memory domain, with a client
 * whose base URL is that socket. Shared by the HTTP test files.
 *
 * By default the domain is `DomainMemory` (fake hashing, opaque fake tokens,
 * a store that is always ready). A test may swap single ports, e.g. the real
 * scrypt hasher and JWT issuer, or a Readiness that fails.
 */
import { NodeHttpServer } from "@effect/platform-node"
import { Accounts, Channels, IdGeneratorUuidV7, type PasswordHasher, Posts, type Readiness, ReadinessAlways, type TokenIssuer } from "@holonet/domain"
import { DomainMemory, PasswordHasherFake, RepositoriesMemory, TokenIssuerFake } from "@holonet/domain/testing"
import { Layer } from "effect"
import { makeHttpLive } from "../src/HttpLive.js"

export interface TestServerOptions {
  readonly maxBodyBytes?: number
  readonly allowedOrigins?: ReadonlyArray<string>
  readonly passwordHasher?: Layer.Layer<PasswordHasher>
  readonly tokenIssuer?: Layer.Layer<TokenIssuer>
  readonly readiness?: Layer.Layer<Readiness>
}

const domainFor = (options: TestServerOptions) =>
  options.passwordHasher === undefined && options.tokenIssuer === undefined && options.readiness === undefined
    ? DomainMemory
    : Layer.mergeAll(Accounts.Default, Channels.Default, Posts.Default).pipe(
      Layer.provideMerge(
        Layer.mergeAll(
          RepositoriesMemory,
          options.readiness ?? ReadinessAlways,
          options.passwordHasher ?? PasswordHasherFake,
          options.tokenIssuer ?? TokenIssuerFake,
          IdGeneratorUuidV7
        )
      )
    )

export const makeTestServer = (options: TestServerOptions = {}) =>
  makeHttpLive({
    allowedOrigins: options.allowedOrigins ?? ["http://localhost:3000"],
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    gzipMinBytes: 1024,
    accessLog: false,
    tracing: false
  }).pipe(
    Layer.provide(domainFor(options)),
    Layer.provideMerge(NodeHttpServer.layerTest)
  )
