/**
 * The HTTP adapter on a real socket over the in-memory domain, with a client
 * whose base URL is that socket. Shared by the HTTP test files.
 */
import { NodeHttpServer } from "@effect/platform-node"
import { DomainMemory } from "@holonet/domain/testing"
import { Layer } from "effect"
import { makeHttpLive } from "../src/HttpLive.js"

export const makeTestServer = (options: { maxBodyBytes?: number; allowedOrigins?: ReadonlyArray<string> } = {}) =>
  makeHttpLive({
    allowedOrigins: options.allowedOrigins ?? ["http://localhost:3000"],
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    gzipMinBytes: 1024,
    accessLog: false
  }).pipe(
    Layer.provide(DomainMemory),
    Layer.provideMerge(NodeHttpServer.layerTest)
  )
