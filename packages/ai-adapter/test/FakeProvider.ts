/**
 * A small OpenAI-compatible server on 127.0.0.1 for the adapter's tests: it
 * records every request and answers as each test scripts it (a completion, a
 * failure with headers, a delay, or never), and counts requests in flight and
 * connections closed before an answer; refusals, content-filter answers and
 * 400s naming a parameter are scripted the same way. Plus the provider options that point
 * the adapter at it, and the helpers the tests share.
 */
import { type CompletionRequest, LanguageModel } from "@holonet/domain"
import { Effect, Option, Redacted, Schedule } from "effect"
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http"
import type { AiProviderOptions } from "../src/AiProviderConfig.js"
import { type AiCallOptions, layer } from "../src/OpenAiLanguageModel.js"

export interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: unknown
}

export interface Answer {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly json: unknown
  readonly delayMillis?: number
}

/** An answer, or "hang": never answer (the client has to give up). */
export type Reply = Answer | "hang"

export interface Fake {
  readonly url: string
  readonly seen: Array<Seen>
  /** Requests whose connection closed before an answer was written. */
  aborted: number
  inFlight: number
  maxInFlight: number
}

export const completion = (content: string, model = "served-model"): Answer => ({
  status: 200,
  json: {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [{
      index: 0,
      message: { role: "assistant", content, refusal: null },
      finish_reason: "stop",
      logprobs: null
    }],
    usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 }
  }
})

/** A structured-output refusal: no content, the model's reason in `message.refusal`. */
export const refusal = (reason: string): Answer => ({
  status: 200,
  json: {
    id: "chatcmpl-2",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "served-model",
    choices: [{
      index: 0,
      message: { role: "assistant", content: null, refusal: reason },
      finish_reason: "stop",
      logprobs: null
    }],
    usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 }
  }
})

/** Azure's filtered answer: `finish_reason: content_filter` and no content. */
export const filtered: Answer = {
  status: 200,
  json: {
    id: "chatcmpl-3",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "served-model",
    choices: [{
      index: 0,
      message: { role: "assistant", content: null },
      finish_reason: "content_filter",
      logprobs: null
    }],
    usage: { prompt_tokens: 11, completion_tokens: 0, total_tokens: 11 }
  }
}

/** A 400 as OpenAI-compatible servers write it: a message, and the code and param when they name one. */
export const badRequest = (message: string, fields: { code?: string; param?: string } = {}): Answer => ({
  status: 400,
  json: { error: { message, type: "invalid_request_error", code: fields.code ?? null, param: fields.param ?? null } }
})

/** Azure's 400 when its content filter refuses the prompt. */
export const promptFiltered: Answer = badRequest(
  "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
  { code: "content_filter", param: "prompt" }
)

/** The request body as an object (the fake records parsed JSON). */
export const bodyOf = (seen: Seen | undefined): Record<string, unknown> =>
  typeof seen?.body === "object" && seen.body !== null ? Object.fromEntries(Object.entries(seen.body)) : {}

export const failure = (status: number, headers: Record<string, string> = {}): Answer => ({
  status,
  headers,
  json: { error: { message: `fake failure ${status}`, type: "fake", code: null } }
})

/** Starts the fake on 127.0.0.1, port 0; `reply` chooses the answer to the n-th request (0-based). */
export const startFake = (reply: (seen: Seen, index: number) => Reply) =>
  Effect.acquireRelease(
    Effect.async<{ fake: Fake; close: () => void }>((resume) => {
      const state = { seen: new Array<Seen>(), aborted: 0, inFlight: 0, maxInFlight: 0 }
      const answer = (res: ServerResponse, chosen: Reply) => {
        if (chosen === "hang") return
        const send = () => {
          state.inFlight--
          res.writeHead(chosen.status, { "content-type": "application/json", ...chosen.headers })
          res.end(JSON.stringify(chosen.json))
        }
        if (chosen.delayMillis === undefined) send()
        else setTimeout(send, chosen.delayMillis)
      }
      const server = createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8")
          const body: unknown = text.length === 0 ? undefined : JSON.parse(text)
          const seen: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body }
          const index = state.seen.length
          state.seen.push(seen)
          state.inFlight++
          state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
          res.on("close", () => {
            if (!res.writableEnded) {
              state.aborted++
              state.inFlight--
            }
          })
          answer(res, reply(seen, index))
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        const fake: Fake = Object.assign(state, { url: `http://127.0.0.1:${port}` })
        resume(Effect.succeed({
          fake,
          close: () => {
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    ({ close }) => Effect.sync(close)
  ).pipe(Effect.map(({ fake }) => fake))

export const azure = (fake: Fake): AiProviderOptions => ({
  _tag: "AzureOpenAi",
  endpoint: fake.url,
  apiKey: Redacted.make("azure-secret-key"),
  apiVersion: "2024-10-21",
  deployments: { reasoning: "dep-reasoning", chat: "dep-chat", fast: "dep-fast" }
})

export const compatible = (fake: Fake, apiKey: Option.Option<string> = Option.some("sk-local")): AiProviderOptions => ({
  _tag: "OpenAiCompatible",
  baseURL: `${fake.url}/v1`,
  apiKey: Option.map(apiKey, Redacted.make),
  models: { reasoning: "m-reasoning", chat: "m-chat", fast: "m-fast" }
})

export const quick: AiCallOptions = { retryBaseDelay: "10 millis", timeout: "5 seconds" }

export const withModel = <A, E>(
  provider: AiProviderOptions,
  options: AiCallOptions,
  use: (model: LanguageModel["Type"]) => Effect.Effect<A, E>
) => Effect.flatMap(LanguageModel, use).pipe(Effect.provide(layer(provider, options)))

export const ask = (tier: CompletionRequest["tier"], content = "hello"): CompletionRequest => ({
  tier,
  system: "You are a test.",
  messages: [{ role: "user", content }]
})

/** Polls until `check` holds (real time), at most about two seconds. */
export const eventually = (check: () => boolean) =>
  Effect.suspend(() => check() ? Effect.void : Effect.fail("not yet")).pipe(
    Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.intersect(Schedule.recurs(100)))),
    Effect.orDie
  )
