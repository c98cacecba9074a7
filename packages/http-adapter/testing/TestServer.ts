/**
 * The HTTP adapter on a real socket over the in-memory domain, with a client
 * whose base URL is that socket. Shared by the HTTP test files.
 *
 * By default the domain is `DomainMemory.layer` (fake hashing, opaque fake tokens,
 * fake API keys, default agent limits, rate limits off, a store that is always ready). A test
 * may swap single ports, e.g. the real scrypt hasher, JWT issuer or API keys,
 * low agent limits, or a Readiness that fails.
 *
 * The domain stays reachable from the test (`Layer.provideMerge`): the server
 * does not run the NotificationWorker in the background, so a test calls
 * `drainNotifications` between the write and the read, and needs no sleeps;
 * the same goes for the WebhookWorker and `drainWebhooks`.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import {
  AgentLimits,
  type ApiKeys,
  IdGeneratorUuidV7,
  LanguageModelUnconfigured,
  NotificationWorker,
  type PasswordHasher,
  RateLimiterMemory,
  RateLimitSettings,
  type LanguageModel,
  type Readiness,
  ReadinessAlways,
  type TokenIssuer,
  UseCases,
  type WebhookTransport,
  WebhookWorker
} from "@holonet/domain"
import {
  ApiKeysFake,
  DomainMemory,
  IdempotencyCryptoFake,
  SecretSealerFake,
  PasswordHasherFake,
  TokenIssuerFake,
  WebhookTransportFake,
  type WebhookTransportScript
} from "@holonet/domain/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { RestApi } from "@holonet/http-adapter"

export interface TestServerOptions {
  readonly maxBodyBytes?: number
  readonly allowedOrigins?: ReadonlyArray<string>
  readonly passwordHasher?: Layer.Layer<PasswordHasher>
  readonly tokenIssuer?: Layer.Layer<TokenIssuer>
  readonly apiKeys?: Layer.Layer<ApiKeys>
  readonly agentLimits?: Layer.Layer<AgentLimits>
  /**
   * The rate limits in force; default `RateLimitSettings.Off`, as many tests
   * burst from one address far past the production numbers. Tests about
   * limits pass their own (e.g. `Layer.succeed(RateLimitSettings, ...)`).
   */
  readonly rateLimits?: Layer.Layer<RateLimitSettings>
  readonly readiness?: Layer.Layer<Readiness>
  /** The model provider; default `LanguageModelUnconfigured.layer` (e.g. `LanguageModelScripted.layer`). */
  readonly languageModel?: Layer.Layer<LanguageModel>
  readonly trustProxy?: boolean
  readonly accessLog?: boolean
  /** The base URL /skill.md and /llms.txt name; default `http://localhost`. */
  readonly publicUrl?: string
  /** Whether /skill.md says a model provider is configured; default: whether `languageModel` is given. */
  readonly aiProvider?: boolean
  /** The webhook transport; default `WebhookTransportFake.layer()` (e.g. one refusing some hosts). */
  readonly webhookTransport?: Layer.Layer<WebhookTransport | WebhookTransportScript>
  /** Extra routes on the server, e.g. the web adapter's pages (`RestApi.layer`'s `pages`). */
  readonly pages?: Layer.Layer<never, never, RestApi.PageServices>
}

const domainFor = (options: TestServerOptions) =>
  options.passwordHasher === undefined && options.tokenIssuer === undefined && options.readiness === undefined &&
    options.apiKeys === undefined && options.agentLimits === undefined && options.languageModel === undefined &&
    options.rateLimits === undefined && options.webhookTransport === undefined
    ? DomainMemory.layer
    : UseCases.layer.pipe(
      Layer.provideMerge(
        Layer.mergeAll(
          DomainMemory.layerRepositories,
          options.readiness ?? ReadinessAlways.layer,
          options.passwordHasher ?? PasswordHasherFake.layer,
          options.tokenIssuer ?? TokenIssuerFake.layer,
          options.apiKeys ?? ApiKeysFake.layer,
          options.agentLimits ?? AgentLimits.Default,
          RateLimiterMemory.layer,
          options.rateLimits ?? RateLimitSettings.Off,
          IdGeneratorUuidV7.layer,
          IdempotencyCryptoFake.layer,
          SecretSealerFake.layer,
          options.languageModel ?? LanguageModelUnconfigured.layer,
          options.webhookTransport ?? WebhookTransportFake.layer()
        )
      )
    )

export const layer = (options: TestServerOptions = {}) =>
  RestApi.layer({
    allowedOrigins: options.allowedOrigins ?? ["http://localhost:3000"],
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    gzipMinBytes: 1024,
    accessLog: options.accessLog ?? false,
    tracing: false,
    trustProxy: options.trustProxy ?? false,
    frontDoor: {
      publicUrl: options.publicUrl ?? "http://localhost",
      aiProvider: options.aiProvider ?? options.languageModel !== undefined
    },
    ...(options.pages === undefined ? {} : { pages: options.pages })
  }).pipe(
    Layer.provideMerge(domainFor(options)),
    Layer.provideMerge(NodeHttpServer.layerTest)
  )

/** Turns every pending outbox event into notifications, as the server's worker would; how many were handled. */
export const drainNotifications = Effect.flatMap(NotificationWorker, (worker) => worker.drain)

/** Makes every webhook attempt due now, as the server's webhook worker would; how many attempts were made. */
export const drainWebhooks = Effect.flatMap(WebhookWorker, (worker) => worker.drain)
