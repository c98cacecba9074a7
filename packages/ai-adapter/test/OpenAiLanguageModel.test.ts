/**
 * The openai-SDK adapter driven for real against a small OpenAI-compatible
 * server on 127.0.0.1: the Azure path (`/openai/deployments/{deployment}/...`
 * with `api-key`) and the `/v1` path (with `Authorization: Bearer`). Covers
 * success, tiers, Retry-After, 5xx, timeouts and aborts, interruption, the
 * concurrency cap, structured output, and reading the provider from config.
 */
import {
  AiBadOutput,
  AiRateLimited,
  AiTimeout,
  AiUnavailable,
  type CompletionRequest,
  LanguageModel,
  type ModelTier
} from "@holonet/domain"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Either, Fiber, Option, Redacted, Schedule, Schema } from "effect"
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http"
import { type AiCallOptions, type AiProviderOptions, aiProviderConfig, layer } from "../src/OpenAiLanguageModel.js"

// ---------------------------------------------------------------------------------------------
// The fake provider

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: unknown
}

interface Answer {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly json: unknown
  readonly delayMillis?: number
}

/** An answer, or "hang": never answer (the client has to give up). */
type Reply = Answer | "hang"

interface Fake {
  readonly url: string
  readonly seen: Array<Seen>
  /** Requests whose connection closed before an answer was written. */
  aborted: number
  inFlight: number
  maxInFlight: number
}

const completion = (content: string, model = "served-model"): Answer => ({
  status: 200,
  json: {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 }
  }
})

const failure = (status: number, headers: Record<string, string> = {}): Answer => ({
  status,
  headers,
  json: { error: { message: `fake failure ${status}`, type: "fake", code: null } }
})

/** Starts the fake on 127.0.0.1, port 0; `reply` chooses the answer to the n-th request (0-based). */
const startFake = (reply: (seen: Seen, index: number) => Reply) =>
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

const azure = (fake: Fake): AiProviderOptions => ({
  _tag: "AzureOpenAi",
  endpoint: fake.url,
  apiKey: Redacted.make("azure-secret-key"),
  apiVersion: "2024-10-21",
  deployments: { reasoning: "dep-reasoning", chat: "dep-chat", fast: "dep-fast" }
})

const compatible = (fake: Fake, apiKey: Option.Option<string> = Option.some("sk-local")): AiProviderOptions => ({
  _tag: "OpenAiCompatible",
  baseURL: `${fake.url}/v1`,
  apiKey: Option.map(apiKey, Redacted.make),
  models: { reasoning: "m-reasoning", chat: "m-chat", fast: "m-fast" }
})

const quick: AiCallOptions = { retryBaseDelay: "10 millis", timeout: "5 seconds" }

const withModel = <A, E>(
  provider: AiProviderOptions,
  options: AiCallOptions,
  use: (model: LanguageModel["Type"]) => Effect.Effect<A, E>
) => Effect.flatMap(LanguageModel, use).pipe(Effect.provide(layer(provider, options)))

const ask = (tier: CompletionRequest["tier"], content = "hello"): CompletionRequest => ({
  tier,
  system: "You are a test.",
  messages: [{ role: "user", content }]
})

/** Polls until `check` holds (real time), at most about two seconds. */
const eventually = (check: () => boolean) =>
  Effect.suspend(() => check() ? Effect.void : Effect.fail("not yet")).pipe(
    Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.intersect(Schedule.recurs(100)))),
    Effect.orDie
  )

const tiers: ReadonlyArray<ModelTier> = ["reasoning", "chat", "fast"]

const Verdict = Schema.Struct({ allowed: Schema.Boolean, reason: Schema.String })

// ---------------------------------------------------------------------------------------------

describe("OpenAiLanguageModel on Azure OpenAI", () => {
  it.live("answers with the text, usage, deployment and latency; sends api-key and the messages", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion("Hi there!", "gpt-5-chat-2025"))
      const result = yield* withModel(azure(fake), quick, (model) =>
        model.complete({
          ...ask("chat"),
          messages: [{ role: "user", content: "hello" }, { role: "assistant", content: "yes?" }, { role: "user", content: "again" }],
          maxOutputTokens: 64
        }))
      expect(result.text).toBe("Hi there!")
      expect(result.tier).toBe("chat")
      expect(result.model).toBe("dep-chat")
      expect(result.usage).toEqual({ inputTokens: 11, outputTokens: 7 })
      expect(result.latencyMillis).toBeGreaterThanOrEqual(0)

      expect(fake.seen).toHaveLength(1)
      const [request] = fake.seen
      expect(request?.method).toBe("POST")
      expect(request?.url).toBe("/openai/deployments/dep-chat/chat/completions?api-version=2024-10-21")
      expect(request?.headers["api-key"]).toBe("azure-secret-key")
      expect(request?.headers["authorization"]).toBeUndefined()
      expect(request?.body).toMatchObject({
        model: "dep-chat",
        max_completion_tokens: 64,
        messages: [
          { role: "system", content: "You are a test." },
          { role: "user", content: "hello" },
          { role: "assistant", content: "yes?" },
          { role: "user", content: "again" }
        ]
      })
      expect(request?.body).not.toHaveProperty("response_format")
    }).pipe(Effect.scoped))

  it.live("each tier goes to its own deployment", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion("ok"))
      const models = yield* withModel(azure(fake), quick, (model) =>
        Effect.forEach(tiers, (tier) => model.complete(ask(tier))))
      expect(models.map((c) => c.model)).toEqual(["dep-reasoning", "dep-chat", "dep-fast"])
      expect(fake.seen.map((s) => s.url.split("?")[0])).toEqual([
        "/openai/deployments/dep-reasoning/chat/completions",
        "/openai/deployments/dep-chat/chat/completions",
        "/openai/deployments/dep-fast/chat/completions"
      ])
    }).pipe(Effect.scoped))

  it.live("429 with Retry-After: 1 is retried after a second, then succeeds", () =>
    Effect.gen(function*() {
      const fake = yield* startFake((_, index) => index === 0 ? failure(429, { "retry-after": "1" }) : completion("finally"))
      const [elapsed, result] = yield* withModel(azure(fake), quick, (model) => model.complete(ask("fast"))).pipe(Effect.timed)
      expect(result.text).toBe("finally")
      expect(fake.seen).toHaveLength(2)
      expect(Duration.toMillis(elapsed)).toBeGreaterThanOrEqual(950)
      expect(result.latencyMillis).toBeGreaterThanOrEqual(950)
    }).pipe(Effect.scoped))

  it.live("429 on every attempt ends in AiRateLimited with the provider's Retry-After", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => failure(429, { "retry-after-ms": "20", "retry-after": "1" }))
      const error = yield* withModel(azure(fake), { ...quick, maxAttempts: 2 }, (model) => model.complete(ask("chat"))).pipe(
        Effect.flip
      )
      expect(error).toEqual(new AiRateLimited({ retryAfterSeconds: 1 }))
      expect(fake.seen).toHaveLength(2)
    }).pipe(Effect.scoped))

  it.live("a Retry-After longer than maxRetryDelay gives up at once", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => failure(429, { "retry-after": "120" }))
      const error = yield* withModel(azure(fake), { ...quick, maxRetryDelay: "5 seconds" }, (model) => model.complete(ask("chat")))
        .pipe(Effect.flip)
      expect(error).toEqual(new AiRateLimited({ retryAfterSeconds: 120 }))
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("500 three times is AiUnavailable with the status after three attempts", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => failure(500))
      const error = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      expect(error).toBeInstanceOf(AiUnavailable)
      expect(error).toMatchObject({ _tag: "AiUnavailable", status: 500 })
      expect(fake.seen).toHaveLength(3)
    }).pipe(Effect.scoped))

  it.live("500 then success is retried transparently", () =>
    Effect.gen(function*() {
      const fake = yield* startFake((_, index) => index < 2 ? failure(503) : completion("back"))
      const result = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat")))
      expect(result.text).toBe("back")
      expect(fake.seen).toHaveLength(3)
    }).pipe(Effect.scoped))

  it.live("401 is not retried and the error carries neither the key nor the provider's text", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => ({
        status: 401,
        json: { error: { message: "Incorrect API key provided: azure-secret-key", type: "invalid_request_error", code: "invalid_api_key" } }
      }))
      const error = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      expect(error).toEqual(new AiUnavailable({ reason: "the provider refused the credentials", status: 401 }))
      expect(JSON.stringify(error)).not.toContain("azure-secret-key")
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("a provider that never answers is AiTimeout, and the HTTP request is aborted", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => "hang")
      const error = yield* withModel(azure(fake), { ...quick, timeout: "200 millis" }, (model) => model.complete(ask("chat"))).pipe(
        Effect.flip
      )
      expect(error).toEqual(new AiTimeout({ afterMillis: 200 }))
      yield* eventually(() => fake.aborted === 1)
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("interrupting the caller aborts the HTTP request", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => "hang")
      const fiber = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.fork)
      yield* eventually(() => fake.seen.length === 1)
      yield* Fiber.interrupt(fiber)
      yield* eventually(() => fake.aborted === 1)
    }).pipe(Effect.scoped))

  it.live("no more than maxConcurrency requests are in flight", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => ({ ...completion("slow"), delayMillis: 60 }))
      const results = yield* withModel(azure(fake), { ...quick, maxConcurrency: 2 }, (model) =>
        Effect.all(Array.from({ length: 6 }, () => model.complete(ask("fast"))), { concurrency: "unbounded" }))
      expect(results).toHaveLength(6)
      expect(fake.maxInFlight).toBe(2)
    }).pipe(Effect.scoped))

  it.live("generateObject asks for a JSON object and decodes it", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion(`{"allowed":true,"reason":"fine"}`))
      const result = yield* withModel(azure(fake), quick, (model) =>
        model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" }))
      expect(result.value).toEqual({ allowed: true, reason: "fine" })
      expect(result.model).toBe("dep-fast")
      expect(result.usage).toEqual({ inputTokens: 11, outputTokens: 7 })
      const body = fake.seen[0]?.body
      expect(body).toMatchObject({ response_format: { type: "json_object" } })
      expect(JSON.stringify(body)).toContain("Reply with exactly one JSON object")
    }).pipe(Effect.scoped))

  it.live("output that does not match the schema is AiBadOutput (and is not retried)", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion(`{"allowed":"maybe"}`))
      const error = yield* withModel(azure(fake), quick, (model) =>
        model.generateObject({ ...ask("fast"), schema: Verdict, schemaName: "Verdict" })).pipe(Effect.flip)
      expect(error).toBeInstanceOf(AiBadOutput)
      expect(error).toMatchObject({ _tag: "AiBadOutput" })
      expect(error.message).toContain("reply does not match Verdict")
      expect(fake.seen).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("an empty reply is AiBadOutput", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion(""))
      const error = yield* withModel(azure(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "AiBadOutput" })
    }).pipe(Effect.scoped))
})

describe("OpenAiLanguageModel on an OpenAI-compatible server", () => {
  it.live("posts to /v1/chat/completions with Authorization: Bearer and the tier's model", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion("compatible"))
      const result = yield* withModel(compatible(fake), quick, (model) => model.complete(ask("reasoning")))
      expect(result.text).toBe("compatible")
      expect(result.model).toBe("m-reasoning")
      const [request] = fake.seen
      expect(request?.url).toBe("/v1/chat/completions")
      expect(request?.headers["authorization"]).toBe("Bearer sk-local")
      expect(request?.body).toMatchObject({ model: "m-reasoning" })
    }).pipe(Effect.scoped))

  it.live("without a key no Authorization header is sent", () =>
    Effect.gen(function*() {
      const fake = yield* startFake(() => completion("keyless"))
      const result = yield* withModel(compatible(fake, Option.none()), quick, (model) => model.complete(ask("chat")))
      expect(result.text).toBe("keyless")
      expect(fake.seen[0]?.headers["authorization"]).toBeUndefined()
    }).pipe(Effect.scoped))

  it.live("a server that is down is AiUnavailable after the retries", () =>
    Effect.gen(function*() {
      // Take a free port, then close it: nothing listens there.
      const fake = yield* startFake(() => completion("unused")).pipe(Effect.scoped)
      const error = yield* withModel(compatible(fake), quick, (model) => model.complete(ask("chat"))).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "AiUnavailable" })
      expect(error.message).toContain("cannot reach the provider")
    }))
})

describe("aiProviderConfig", () => {
  const read = (env: Record<string, string>) =>
    Effect.either(Effect.withConfigProvider(aiProviderConfig, ConfigProvider.fromMap(new Map(Object.entries(env)))))

  it.effect("nothing configured is none", () =>
    Effect.gen(function*() {
      expect(yield* read({})).toEqual(Either.right(Option.none()))
      expect(yield* read({ AZURE_OPENAI_ENDPOINT: " ", OPENAI_BASE_URL: "" })).toEqual(Either.right(Option.none()))
    }))

  it.effect("Azure with defaults; the key stays redacted", () =>
    Effect.gen(function*() {
      const result = yield* read({ AZURE_OPENAI_ENDPOINT: "https://res.openai.azure.com/", AZURE_OPENAI_API_KEY: "k1" })
      const provider = Either.getOrThrow(result).pipe(Option.getOrThrow)
      expect(provider._tag).toBe("AzureOpenAi")
      if (provider._tag === "AzureOpenAi") {
        expect(provider.endpoint).toBe("https://res.openai.azure.com/")
        expect(provider.apiVersion).toBe("2024-10-21")
        expect(provider.deployments).toEqual({ reasoning: "gpt-5.1", chat: "gpt-5-chat", fast: "gpt-5-nano" })
        expect(Redacted.value(provider.apiKey)).toBe("k1")
        expect(String(provider.apiKey)).not.toContain("k1")
      }
    }))

  it.effect("Azure without a key is a config error naming the variable", () =>
    Effect.gen(function*() {
      const result = yield* read({ AZURE_OPENAI_ENDPOINT: "https://res.openai.azure.com/" })
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) expect(String(result.left)).toContain("AZURE_OPENAI_API_KEY")
    }))

  it.effect("an OpenAI-compatible server with its models; Azure wins when both are set", () =>
    Effect.gen(function*() {
      const local = Either.getOrThrow(yield* read({ OPENAI_BASE_URL: "http://localhost:11434/v1", OPENAI_MODEL_CHAT: "llama3.2" }))
      expect(local).toEqual(Option.some({
        _tag: "OpenAiCompatible",
        baseURL: "http://localhost:11434/v1",
        apiKey: Option.none(),
        models: { reasoning: "gpt-5.1", chat: "llama3.2", fast: "gpt-5-nano" }
      }))
      const both = Either.getOrThrow(yield* read({
        OPENAI_BASE_URL: "http://localhost:11434/v1",
        AZURE_OPENAI_ENDPOINT: "https://res.openai.azure.com/",
        AZURE_OPENAI_API_KEY: "k1"
      }))
      expect(Option.map(both, (p) => p._tag)).toEqual(Option.some("AzureOpenAi"))
      const bad = yield* read({ OPENAI_BASE_URL: "not a url" })
      expect(Either.isLeft(bad)).toBe(true)
    }))
})
