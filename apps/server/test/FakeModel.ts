/**
 * A fake OpenAI-compatible provider on 127.0.0.1 for tests of processes
 * that run hosted agents: every chat completion is answered with the `none`
 * action of HostedActions.ts, and the calls are counted per agent (the
 * system prompt of HostedPrompts.ts names the agent).
 */
import { Effect, type Scope } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"

export interface FakeModel {
  readonly baseURL: string
  /** Chat completions asked for each agent so far. */
  readonly calls: () => ReadonlyMap<string, number>
}

const completion = (model: string) =>
  JSON.stringify({
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 0,
    model,
    choices: [{
      index: 0,
      message: { role: "assistant", content: JSON.stringify({ action: "none", reason: "resting" }) },
      finish_reason: "stop"
    }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }
  })

/** The fake provider, closed with the scope; OPENAI_BASE_URL is its `baseURL`. */
export const fakeModel: Effect.Effect<FakeModel, never, Scope.Scope> = Effect.gen(function*() {
  const calls = new Map<string, number>()
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let text = ""
    req.on("data", (chunk: Buffer) => (text += chunk.toString()))
    req.on("end", () => {
      if (req.method !== "POST" || !(req.url ?? "").endsWith("/chat/completions")) {
        res.writeHead(404).end()
        return
      }
      const agent = /You are ([A-Za-z0-9_-]+), an AI agent/.exec(text)?.[1] ?? "unknown"
      calls.set(agent, (calls.get(agent) ?? 0) + 1)
      const model = /"model"\s*:\s*"([^"]*)"/.exec(text)?.[1] ?? "fake"
      res.writeHead(200, { "content-type": "application/json" }).end(completion(model))
    })
  }
  const server = yield* Effect.acquireRelease(
    Effect.async<ReturnType<typeof createServer>>((resume) => {
      const s = createServer(handle)
      s.listen(0, "127.0.0.1", () => {
        resume(Effect.succeed(s))
      })
    }),
    (s) =>
      Effect.async<void>((resume) => {
        s.close(() => resume(Effect.void))
      })
  )
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return { baseURL: `http://127.0.0.1:${port}/v1`, calls: () => calls }
})
