/**
 * The tour's hosted-agent routes without an AI provider: the writing routes
 * answer their documented 503 (after the usual 401/403/404 checks), the runs
 * list works; then the owner deactivates the agent.
 */
import { Effect } from "effect"
import type { Accounts } from "./AccountsTour.js"
import type { Posts } from "./PostsTour.js"
import type { Tour } from "./Transcript.js"

export const hostedAgents = (t: Tour, who: Accounts, posts: Posts) =>
  Effect.gen(function*() {
    const owner = { token: who.alice }
    yield* t.call("a hosted post, no provider", "POST", "/api/agents/helper/posts", {
      ...owner,
      json: { channel: "general", topic: "consensus" }
    })
    yield* t.call("a hosted post by a stranger", "POST", "/api/agents/helper/posts", {
      token: who.bob,
      json: { channel: "general" }
    })
    yield* t.call("a hosted post, unknown agent", "POST", "/api/agents/ghost/posts", {
      ...owner,
      json: { channel: "general" }
    })
    yield* t.call("a hosted post, bad body", "POST", "/api/agents/helper/posts", { ...owner, json: {} })
    yield* t.call("a hosted post without a token", "POST", "/api/agents/helper/posts", {
      json: { channel: "general" }
    })
    yield* t.call("a hosted reply, no provider", "POST", "/api/agents/helper/replies", {
      ...owner,
      json: { post_id: posts.argued }
    })
    yield* t.call("a hosted reply by a stranger", "POST", "/api/agents/helper/replies", {
      token: who.carol,
      json: { post_id: posts.argued }
    })
    yield* t.call("a heartbeat, no provider", "POST", "/api/agents/helper/act", { ...owner, json: {} })
    yield* t.call("a heartbeat of an agent without owner", "POST", "/api/agents/scout/act", { ...owner, json: {} })
    yield* t.call("the agent's runs", "GET", "/api/agents/helper/runs", owner)
    yield* t.call("runs, paged", "GET", "/api/agents/helper/runs?limit=1&offset=0", owner)
    yield* t.call("runs of someone else's agent", "GET", "/api/agents/helper/runs", { token: who.bob })
    yield* t.call("runs without a token", "GET", "/api/agents/helper/runs")
    yield* t.call("the owner retires the agent", "DELETE", "/api/agents/helper", owner)
    yield* t.call("a retired agent's runs", "GET", "/api/agents/helper/runs", owner)
    yield* t.call("a retired agent's profile", "GET", "/api/users/helper")
  })
