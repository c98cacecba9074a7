/**
 * The webhook transport's switches from the environment. Both default to
 * false, the only safe setting on a public server: `WEBHOOK_ALLOW_HTTP`
 * accepts plain http:// URLs, `WEBHOOK_ALLOW_PRIVATE` accepts hosts that
 * resolve to loopback, private or other non-public addresses (for local
 * development and tests against a receiver on the same machine).
 */
import * as Config from "effect/Config"

export const allowHttp: Config.Config<boolean> = Config.boolean("WEBHOOK_ALLOW_HTTP").pipe(Config.withDefault(false))

export const allowPrivate: Config.Config<boolean> = Config.boolean("WEBHOOK_ALLOW_PRIVATE").pipe(
  Config.withDefault(false)
)

/** Both switches, in the shape `WebhookTransportNode.layer` takes. */
export const webhookConfig: Config.Config<{ readonly allowHttp: boolean; readonly allowPrivate: boolean }> = Config
  .all({ allowHttp, allowPrivate })
