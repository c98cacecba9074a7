/**
 * WebhookConfig: both switches default to false, read the usual boolean
 * spellings, refuse anything else, and configure the layer.
 */
import { describe, expect, it } from "@effect/vitest"
import { WebhookTransport, WebhookUrlRefused } from "@holonet/domain"
import { ConfigProvider, Effect, Either, Layer } from "effect"
import { WebhookConfig, WebhookTransportNode } from "../src/index.js"

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

describe("WebhookConfig", () => {
  it.effect("both switches are off when unset", () =>
    Effect.gen(function*() {
      expect(yield* WebhookConfig.webhookConfig.pipe(withEnv({}))).toEqual({ allowHttp: false, allowPrivate: false })
    }))

  it.effect("WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOW_PRIVATE turn them on", () =>
    Effect.gen(function*() {
      expect(
        yield* WebhookConfig.webhookConfig.pipe(withEnv({ WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_ALLOW_PRIVATE: "false" }))
      ).toEqual({ allowHttp: true, allowPrivate: false })
      expect(
        yield* WebhookConfig.webhookConfig.pipe(withEnv({ WEBHOOK_ALLOW_HTTP: "no", WEBHOOK_ALLOW_PRIVATE: "1" }))
      ).toEqual({ allowHttp: false, allowPrivate: true })
    }))

  it.effect("a value that is not a boolean is a configuration error naming the variable", () =>
    Effect.gen(function*() {
      const result = yield* Effect.either(WebhookConfig.webhookConfig.pipe(withEnv({ WEBHOOK_ALLOW_PRIVATE: "maybe" })))
      expect(Either.isLeft(result)).toBe(true)
      expect(Either.isLeft(result) ? String(result.left) : "").toContain("WEBHOOK_ALLOW_PRIVATE")
    }))

  it.effect("layerConfig refuses http by default and accepts it when WEBHOOK_ALLOW_HTTP is set", () =>
    Effect.gen(function*() {
      const check = (env: Record<string, string>) =>
        Effect.flatMap(WebhookTransport, (transport) => transport.check("http://8.8.8.8/hook")).pipe(
          Effect.provide(
            WebhookTransportNode.layerConfig.pipe(
              Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
            )
          ),
          Effect.either
        )
      const refused = yield* check({})
      expect(Either.isLeft(refused) ? refused.left : "accepted").toEqual(
        new WebhookUrlRefused({ reason: "the URL must use https" })
      )
      expect(Either.isRight(yield* check({ WEBHOOK_ALLOW_HTTP: "true" }))).toBe(true)
    }))
})
