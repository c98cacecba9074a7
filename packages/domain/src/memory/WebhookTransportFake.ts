/**
 * A WebhookTransport for tests: no network. It records every message it is
 * asked to send, answers with scripted outcomes (then 200 once the script
 * runs out), refuses URLs that are not http(s) or whose host is in a list,
 * and makes distinct, recognizable secrets. `WebhookTransportScript` is the
 * test's handle on it.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { type WebhookMessage, type WebhookOutcome, WebhookTransport, WebhookUrlRefused } from "../WebhookTransport.js"

export class WebhookTransportScript extends Context.Tag("@holonet/domain/testing/WebhookTransportScript")<
  WebhookTransportScript,
  {
    /** Every message sent so far, oldest first. */
    readonly sent: Effect.Effect<ReadonlyArray<WebhookMessage>>
    /** Outcomes for the next sends, in order; appended to what is left of the script. */
    readonly answer: (...outcomes: ReadonlyArray<WebhookOutcome>) => Effect.Effect<void>
  }
>() {}

export interface FakeOptions {
  /** Hosts whose URLs `check` refuses (as if they resolved to private addresses). */
  readonly refusedHosts?: ReadonlyArray<string>
}

const delivered: WebhookOutcome = { _tag: "Delivered", statusCode: 200 }

const hostOf = (url: string): string | null => {
  try {
    const parsed = new URL(url)
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.hostname : null
  } catch {
    return null
  }
}

export const layer = (options: FakeOptions = {}): Layer.Layer<WebhookTransport | WebhookTransportScript> =>
  Layer.effectContext(Effect.gen(function*() {
    const sent = yield* Ref.make<ReadonlyArray<WebhookMessage>>([])
    const script = yield* Ref.make<ReadonlyArray<WebhookOutcome>>([])
    const secrets = yield* Ref.make(0)
    const refused = new Set(options.refusedHosts ?? [])

    const transport = WebhookTransport.of({
      check: (url) => {
        const host = hostOf(url)
        if (host === null) return Effect.fail(new WebhookUrlRefused({ reason: "url must be an http(s) URL" }))
        if (refused.has(host)) {
          return Effect.fail(new WebhookUrlRefused({ reason: `${host} resolves to a non-public address` }))
        }
        return Effect.void
      },
      makeSecret: Effect.map(
        Ref.updateAndGet(secrets, (n) => n + 1),
        (n) => Redacted.make(`whsec_${btoa(`fake-secret-${String(n).padStart(20, "0")}`)}`)
      ),
      send: (message) =>
        Effect.gen(function*() {
          yield* Ref.update(sent, (all) => [...all, message])
          const host = hostOf(message.url)
          if (host === null || refused.has(host)) {
            return { _tag: "Failed", statusCode: null, error: "address refused" } satisfies WebhookOutcome
          }
          return yield* Ref.modify(script, ([next, ...rest]): [WebhookOutcome, ReadonlyArray<WebhookOutcome>] =>
            next === undefined ? [delivered, []] : [next, rest])
        })
    })
    const control = WebhookTransportScript.of({
      sent: Ref.get(sent),
      answer: (...outcomes) => Ref.update(script, (rest) => [...rest, ...outcomes])
    })
    return Context.make(WebhookTransport, transport).pipe(Context.add(WebhookTransportScript, control))
  }))
