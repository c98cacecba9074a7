/**
 * Port for sending webhooks: the network side of a subscription. It decides
 * which URLs may be called at all (scheme and, after resolving the host,
 * every address it resolves to), makes the Standard Webhooks signing
 * secrets, and sends one signed delivery. Whether an address is allowed is
 * asked twice, at registration (`check`) and again by `send` right before it
 * connects, because a name can resolve elsewhere by then (DNS rebinding).
 */
import * as Context from "effect/Context"
import * as Schema from "effect/Schema"
import type { Effect, Redacted } from "effect"

/** A URL that may not be called: wrong scheme, malformed, or resolving to a non-public address. */
export class WebhookUrlRefused extends Schema.TaggedError<WebhookUrlRefused>()("WebhookUrlRefused", {
  reason: Schema.String
}) {
  override get message() {
    return this.reason
  }
}

/** One delivery attempt as the receiver sees it (Standard Webhooks headers and body). */
export interface WebhookMessage {
  readonly url: string
  /** `webhook-id`: the same for every attempt of one event to one webhook, so receivers can drop repeats. */
  readonly id: string
  /** `webhook-timestamp`, seconds since the epoch. */
  readonly timestampSeconds: number
  /** The JSON body, signed exactly as sent. */
  readonly body: string
  /** `whsec_<base64>`, as made by `makeSecret`. */
  readonly secret: Redacted.Redacted<string>
}

/** How one attempt ended: a 2xx in time, or anything else (refused address, timeout, redirect, other status). */
export type WebhookOutcome =
  | { readonly _tag: "Delivered"; readonly statusCode: number }
  | { readonly _tag: "Failed"; readonly statusCode: number | null; readonly error: string }

export class WebhookTransport extends Context.Tag("@holonet/domain/WebhookTransport")<WebhookTransport, {
  /** Refuses a URL that may not be called now; resolves its host to do so. */
  readonly check: (url: string) => Effect.Effect<void, WebhookUrlRefused>
  /** A new signing secret, `whsec_` and the base64 of 32 random bytes. */
  readonly makeSecret: Effect.Effect<Redacted.Redacted<string>>
  /** Sends one attempt; never fails: every failure is an outcome to record. */
  readonly send: (message: WebhookMessage) => Effect.Effect<WebhookOutcome>
}>() {}
