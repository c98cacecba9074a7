/**
 * WebhookTransport on node:http(s) and node:dns. A URL may be called when it
 * is https (http only when allowed), carries no credentials, and every
 * address its host resolves to is public (unless private ones are allowed).
 * `send` checks again and then connects to the very address it checked, with
 * the original name as Host header and TLS server name, so a name that
 * resolves elsewhere a second time (DNS rebinding) cannot redirect the
 * request. One attempt is bounded in time and in the bytes read back, follows
 * no redirect, and ends as an outcome, never as a failure. The secret is
 * unwrapped only to compute the Standard Webhooks signature.
 */
import { type WebhookMessage, type WebhookOutcome, WebhookTransport, WebhookUrlRefused } from "@holonet/domain"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { ConfigError } from "effect"
import { createHmac, randomBytes } from "node:crypto"
import { promises as dns } from "node:dns"
import * as http from "node:http"
import * as https from "node:https"
import { isIP } from "node:net"
import { isPublicAddress } from "./AddressPolicy.js"
import { webhookConfig } from "./WebhookConfig.js"

/** One address a host name resolves to. */
export interface ResolvedAddress {
  readonly address: string
  readonly family: 4 | 6
}

/** The host name has no address (or the resolver failed); the URL is refused either way. */
export class HostNotResolved extends Schema.TaggedError<HostNotResolved>()("HostNotResolved", {
  host: Schema.String
}) {}

/** Every address of a host name; replaceable so tests never ask real DNS. */
export type Resolver = (host: string) => Effect.Effect<ReadonlyArray<ResolvedAddress>, HostNotResolved>

export interface Options {
  /** Accept http:// URLs (development only). */
  readonly allowHttp: boolean
  /** Accept hosts resolving to loopback, private or reserved addresses (development only). */
  readonly allowPrivate: boolean
  /** The whole attempt, resolution included; 10 seconds unless set. */
  readonly timeout?: Duration.DurationInput
  /** At most this many bytes of the answer are read, then the connection is dropped; 4 KiB unless set. */
  readonly maxResponseBytes?: number
  /** How host names are resolved; the system resolver unless set. */
  readonly resolve?: Resolver
}

/** The operating system's resolver, every address in its own order. */
export const systemResolver: Resolver = (host) =>
  Effect.tryPromise({
    try: () => dns.lookup(host, { all: true, verbatim: true }),
    catch: () => new HostNotResolved({ host })
  }).pipe(Effect.map((entries) =>
    entries.map(({ address, family }): ResolvedAddress => ({ address, family: family === 6 ? 6 : 4 }))
  ))

const defaultTimeout = Duration.seconds(10)
const defaultMaxResponseBytes = 4096
const maxUrlLength = 2048
/** How much of the receiver's answer goes into a failure's error text. */
const maxExcerpt = 200
const secretPrefix = "whsec_"
const secretBytes = 32

/** A URL that passed the check, with the address the request must go to. */
interface Target {
  readonly url: URL
  /** The host as written in the URL, without IPv6 brackets. */
  readonly hostname: string
  readonly address: ResolvedAddress
}

const refuse = (reason: string) => Effect.fail(new WebhookUrlRefused({ reason }))

const parseUrl = (raw: string): URL | undefined => {
  try {
    return new URL(raw)
  } catch {
    return undefined
  }
}

const failed = (statusCode: number | null, error: string): WebhookOutcome => ({ _tag: "Failed", statusCode, error })

/** The key of a `whsec_` secret: the base64 after the prefix, decoded. */
const signingKey = (secret: Redacted.Redacted<string>) => {
  const value = Redacted.value(secret)
  return Buffer.from(value.startsWith(secretPrefix) ? value.slice(secretPrefix.length) : value, "base64")
}

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, as Standard Webhooks receivers verify it. */
export const signature = (message: Omit<WebhookMessage, "url">): string =>
  `v1,${
    createHmac("sha256", signingKey(message.secret))
      .update(`${message.id}.${message.timestampSeconds}.${message.body}`)
      .digest("base64")
  }`

/** A short, printable excerpt of the receiver's answer. */
const excerpt = (body: string) => body.replace(/[^\x21-\x7e]+/g, " ").trim().slice(0, maxExcerpt)

const outcomeOf = (statusCode: number, body: string): WebhookOutcome => {
  if (statusCode >= 200 && statusCode < 300) return { _tag: "Delivered", statusCode }
  const text = excerpt(body)
  return failed(statusCode, `the receiver answered ${statusCode}${text === "" ? "" : `: ${text}`}`)
}

const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_)/

/** What went wrong on the connection, in words that name no address or internal detail. */
const describeError = (error: Error): string => {
  const code = "code" in error && typeof error.code === "string" ? error.code : ""
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused"
    case "ECONNRESET":
      return "connection reset"
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable"
    case "ETIMEDOUT":
      return "timed out"
    default:
      return tlsCodes.test(code) ? "TLS certificate not accepted" : "connection failed"
  }
}

/** One POST to the checked address; resolves with an outcome on every path, drops the socket when done or interrupted. */
const post = (target: Target, message: WebhookMessage, maxResponseBytes: number): Effect.Effect<WebhookOutcome> =>
  Effect.async<WebhookOutcome>((resume) => {
    const secure = target.url.protocol === "https:"
    const options: https.RequestOptions = {
      host: target.address.address,
      port: target.url.port === "" ? (secure ? 443 : 80) : Number(target.url.port),
      path: `${target.url.pathname}${target.url.search}`,
      method: "POST",
      // A fresh connection per attempt: a pooled one could have been opened to another address.
      agent: false,
      headers: {
        host: target.url.host,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(message.body),
        "user-agent": "Holonet-Webhooks/1",
        "webhook-id": message.id,
        "webhook-timestamp": String(message.timestampSeconds),
        "webhook-signature": signature(message)
      },
      // The certificate is checked against the name in the URL, not the address connected to.
      ...(secure && isIP(target.hostname) === 0 ? { servername: target.hostname } : {})
    }
    let request: http.ClientRequest
    try {
      request = secure ? https.request(options) : http.request(options)
    } catch {
      // Node refuses header values with control characters before anything is sent.
      resume(Effect.succeed(failed(null, "the message has an invalid id or timestamp")))
      return
    }
    let settled = false
    const finish = (outcome: WebhookOutcome) => {
      if (settled) return
      settled = true
      request.destroy()
      resume(Effect.succeed(outcome))
    }
    request.on("response", (response) => {
      const statusCode = response.statusCode ?? 0
      if (statusCode >= 300 && statusCode < 400) return finish(failed(statusCode, "redirect not followed"))
      const chunks: Array<Buffer> = []
      let received = 0
      const done = () => finish(outcomeOf(statusCode, Buffer.concat(chunks).toString("utf8")))
      response.on("data", (chunk: Buffer) => {
        if (received < maxResponseBytes) chunks.push(chunk.subarray(0, maxResponseBytes - received))
        received += chunk.length
        if (received >= maxResponseBytes) done()
      })
      response.on("end", done)
      // The answer broke off: its status still counts.
      response.on("error", done)
    })
    request.on("error", (error) => finish(failed(null, describeError(error))))
    request.end(message.body)
    return Effect.sync(() => {
      settled = true
      request.destroy()
    })
  })

/** The transport with these options, for a layer or a test. */
export const make = (options: Options): WebhookTransport["Type"] => {
  const resolve = options.resolve ?? systemResolver
  const timeout = options.timeout ?? defaultTimeout
  const maxResponseBytes = Math.max(0, options.maxResponseBytes ?? defaultMaxResponseBytes)

  const check = (raw: string): Effect.Effect<Target, WebhookUrlRefused> =>
    Effect.gen(function*() {
      if (raw.length > maxUrlLength) return yield* refuse(`the URL is longer than ${maxUrlLength} characters`)
      const url = parseUrl(raw)
      if (url === undefined) return yield* refuse("the URL is not a valid absolute URL")
      const schemeAllowed = url.protocol === "https:" || (url.protocol === "http:" && options.allowHttp)
      if (!schemeAllowed) {
        return yield* refuse(options.allowHttp ? "the URL must use https or http" : "the URL must use https")
      }
      if (url.username !== "" || url.password !== "") {
        return yield* refuse("the URL must not contain a user name or password")
      }
      const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1")
      const literal = isIP(hostname)
      const addresses: ReadonlyArray<ResolvedAddress> = literal === 0
        ? yield* resolve(hostname).pipe(
          Effect.mapError(() => new WebhookUrlRefused({ reason: "the host name does not resolve" }))
        )
        : [{ address: hostname, family: literal === 6 ? 6 : 4 }]
      const first = addresses[0]
      if (first === undefined) return yield* refuse("the host name does not resolve")
      if (!options.allowPrivate && !addresses.every(({ address }) => isPublicAddress(address))) {
        return yield* refuse(
          literal === 0
            ? "the host name resolves to a private or reserved address"
            : "the address is private or reserved"
        )
      }
      return { url, hostname, address: first }
    })

  return {
    check: (url) =>
      check(url).pipe(
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () => new WebhookUrlRefused({ reason: "the host name did not resolve in time" })
        }),
        Effect.asVoid
      ),
    makeSecret: Effect.sync(() => Redacted.make(`${secretPrefix}${randomBytes(secretBytes).toString("base64")}`)),
    send: (message) =>
      check(message.url).pipe(
        Effect.matchEffect({
          onFailure: (refused) => Effect.succeed(failed(null, refused.reason)),
          onSuccess: (target) => post(target, message, maxResponseBytes)
        }),
        Effect.timeoutTo({
          duration: timeout,
          onTimeout: () => failed(null, "timed out"),
          onSuccess: (outcome) => outcome
        }),
        Effect.catchAllDefect(() => Effect.succeed(failed(null, "delivery failed")))
      )
  }
}

/** WebhookTransport with the given options. */
export const layer = (options: Options): Layer.Layer<WebhookTransport> => Layer.succeed(WebhookTransport, make(options))

/** WebhookTransport with `WEBHOOK_ALLOW_HTTP` and `WEBHOOK_ALLOW_PRIVATE` read from configuration. */
export const layerConfig: Layer.Layer<WebhookTransport, ConfigError.ConfigError> = Layer.unwrapEffect(
  Effect.map(webhookConfig, (config) => layer(config))
)
