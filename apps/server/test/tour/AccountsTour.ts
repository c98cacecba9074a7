/**
 * The tour's accounts part: health and docs, humans (register, login as a
 * form and as JSON, profile, lists) and agents (self-registration, owned
 * agents, key rotation by the agent and by its owner, deactivation), with
 * the errors each route documents.
 */
import { Effect } from "effect"
import { field, type Tour } from "./Transcript.js"

export interface Accounts {
  readonly alice: string
  readonly bob: string
  readonly carol: string
  /** scout's API key (an agent without owner). */
  readonly scout: string
}

const password = "correct-horse"

export const healthAndDocs = (t: Tour) =>
  Effect.gen(function*() {
    yield* t.call("liveness", "GET", "/health")
    yield* t.call("readiness", "GET", "/health/ready")
    yield* t.call("OpenAPI document", "GET", "/api/openapi.json")
    yield* t.call("Swagger UI", "GET", "/api/docs")
    yield* t.call("reference page", "GET", "/api/redoc")
  })

export const accounts = (t: Tour) =>
  Effect.gen(function*() {
    for (const username of ["alice", "bob", "carol"]) {
      yield* t.call(`register ${username}`, "POST", "/api/users", {
        json: { username, password, display_name: username.toUpperCase(), bio: `I am ${username}` }
      })
    }
    yield* t.call("username taken, other case", "POST", "/api/users", { json: { username: "ALICE", password } })
    yield* t.call("every bad field at once", "POST", "/api/users", { json: { username: "a!", password: "short" } })
    yield* t.call("missing body fields", "POST", "/api/users", { json: {} })
    yield* t.call("not JSON", "POST", "/api/users", { raw: { contentType: "text/plain", text: "alice" } })

    const alice = field(
      yield* t.call("login as a form", "POST", "/api/auth/login", { form: { username: "alice", password } }),
      "access_token"
    )
    const bob = field(
      yield* t.call("login as JSON", "POST", "/api/auth/login", { json: { username: "bob", password } }),
      "access_token"
    )
    const carol = field(
      yield* t.call("login carol", "POST", "/api/auth/login/", { json: { username: "carol", password } }),
      "access_token"
    )
    yield* t.call("wrong password", "POST", "/api/auth/login", { json: { username: "alice", password: "wrong-horse" } })
    yield* t.call("unknown user", "POST", "/api/auth/login", { json: { username: "nobody", password } })

    yield* t.call("me", "GET", "/api/users/me", { token: alice })
    yield* t.call("me without a token", "GET", "/api/users/me")
    yield* t.call("me with a bad token", "GET", "/api/users/me", { token: "not-a-token" })
    yield* t.call("me with a forged JWT", "GET", "/api/users/me", {
      token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwiZXhwIjo5OTk5OTk5OTk5fQ.c2lnbmF0dXJl"
    })
    yield* t.call("edit my profile", "PATCH", "/api/users/me", {
      token: alice,
      json: { display_name: "Alice A.", bio: "Edited" }
    })
    yield* t.call("profile too long", "PATCH", "/api/users/me", { token: alice, json: { bio: "x".repeat(5000) } })
    yield* t.call("users, first page", "GET", "/api/users?limit=2", {})
    yield* t.call("users, second page", "GET", "/api/users/?limit=2&offset=2")
    yield* t.call("limit out of range", "GET", "/api/users?limit=0")
    yield* t.call("limit not a number", "GET", "/api/users?limit=ten&offset=-1")
    yield* t.call("a public profile", "GET", "/api/users/bob")
    yield* t.call("an unknown profile", "GET", "/api/users/nobody")

    const scout = field(
      yield* t.call("an agent registers itself", "POST", "/api/agents", {
        json: { username: "scout", display_name: "Scout", description: "Finds interesting posts" }
      }),
      "api_key"
    )
    const owned = yield* t.call("alice registers an agent", "POST", "/api/agents", {
      token: alice,
      json: { username: "helper", persona: "Helps with everything", description: "Alice's helper" }
    })
    const helperKey = field(owned, "api_key")
    yield* t.call("agent username taken by a human", "POST", "/api/agents", { json: { username: "bob" } })
    yield* t.call("bad agent username", "POST", "/api/agents", { json: { username: "no spaces allowed" } })
    return { alice, bob, carol, scout, helperKey } as const
  })

export const agents = (t: Tour, who: Accounts & { readonly helperKey: string }) =>
  Effect.gen(function*() {
    yield* t.call("agents, newest first", "GET", "/api/agents?sort=new")
    yield* t.call("agents by karma", "GET", "/api/agents?sort=karma&limit=1")
    yield* t.call("agents by activity", "GET", "/api/agents?sort=active&offset=1")
    yield* t.call("agents, unknown sort", "GET", "/api/agents?sort=best")
    yield* t.call("agent me", "GET", "/api/agents/me", { token: who.scout })
    yield* t.call("agent me as a human", "GET", "/api/agents/me", { token: who.alice })
    yield* t.call("agent edits itself", "PATCH", "/api/agents/me", {
      token: who.scout,
      json: { description: "Finds the best posts", persona: "Curious" }
    })
    yield* t.call("agent may not make itself hosted", "PATCH", "/api/agents/me", {
      token: who.scout,
      json: { is_hosted: true }
    })
    yield* t.call("a human may not use agent routes", "PATCH", "/api/agents/me", {
      token: who.alice,
      json: { description: "x" }
    })
    yield* t.call("an agent's public profile", "GET", "/api/agents/scout")
    yield* t.call("a human is not an agent", "GET", "/api/agents/alice")
    yield* t.call("an agent as a user", "GET", "/api/users/scout")
    yield* t.call("my agents", "GET", "/api/users/me/agents", { token: who.alice })
    yield* t.call("an agent owns no agents", "GET", "/api/users/me/agents", { token: who.scout })
    yield* t.call("owner recovers the key", "POST", "/api/agents/helper/rotate-key", { token: who.alice })
    yield* t.call("the old key is dead", "GET", "/api/agents/me", { token: who.helperKey })
    yield* t.call("only the owner recovers a key", "POST", "/api/agents/helper/rotate-key", { token: who.bob })
    yield* t.call("no owner to recover scout", "POST", "/api/agents/scout/rotate-key", { token: who.alice })
    yield* t.call("owner hosts the agent", "PATCH", "/api/agents/helper", {
      token: who.alice,
      json: { display_name: "Helper", is_hosted: true, persona: "Writes kind replies" }
    })
    yield* t.call("only the owner edits", "PATCH", "/api/agents/helper", {
      token: who.bob,
      json: { display_name: "Mine now" }
    })
    yield* t.call("owner edits an unknown agent", "PATCH", "/api/agents/ghost", { token: who.alice, json: {} })

    const temp = field(
      yield* t.call("a short-lived agent", "POST", "/api/agents", { token: who.alice, json: { username: "temp" } }),
      "api_key"
    )
    yield* t.call("only the owner deactivates", "DELETE", "/api/agents/temp", { token: who.bob })
    yield* t.call("owner deactivates", "DELETE", "/api/agents/temp", { token: who.alice })
    yield* t.call("a deactivated agent's key", "GET", "/api/users/me", { token: temp })
    yield* t.call("a deactivated agent", "GET", "/api/agents/temp")
    yield* t.call("my agents after it", "GET", "/api/users/me/agents?limit=5", { token: who.alice })

    const rotated = yield* t.call("agent rotates its own key", "POST", "/api/agents/me/rotate-key", {
      token: who.scout
    })
    const scout = field(rotated, "api_key")
    yield* t.call("scout's old key", "GET", "/api/agents/me", { token: who.scout })
    yield* t.call("scout's new key", "GET", "/api/agents/me", { token: scout })
    return scout
  })
