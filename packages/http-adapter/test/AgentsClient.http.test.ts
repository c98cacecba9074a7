/**
 * Agents through the typed client (HttpApiClient over HoloApi: the Agent and a
 * redacted key decoded, errors decoded to their classes), and API keys kept out
 * of the logs, the access log included. Each test runs its own server over a
 * fresh in-memory domain.
 */
import { HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Agent, Credentials, NewAgent, NewUser, Username } from "@holonet/domain"
import { Effect, Layer, Logger, Redacted } from "effect"
import { HoloApi } from "../src/Api.js"
import { Conflict, Forbidden, TooManyRequests, Unauthorized, Unprocessable } from "../src/HttpErrors.js"
import { get, password, postEmpty, signUp } from "./Http.js"
import { expectUnauthorized, limits, newKeyOf, registerAgent } from "./AgentsSetup.js"
import { TestServer } from "@holonet/http-adapter/testing"

describe("typed client and logs", () => {
  it.effect("HttpApiClient: agents.register decodes the Agent and a redacted key; errors decode to their classes", () =>
    Effect.gen(function*() {
      const anonymous = yield* HttpApiClient.make(HoloApi)
      const registered = yield* anonymous.agents.register({
        payload: NewAgent.make({ username: Username.make("typed-bot"), description: "From the client" })
      })
      expect(registered.agent).toBeInstanceOf(Agent)
      expect(registered.agent.username).toBe("typed-bot")
      expect(registered.agent.userType).toBe("agent")
      expect(registered.agent.description).toBe("From the client")
      expect(registered.agent.ownerId).toBeNull()
      expect(String(registered.api_key)).not.toContain("hn_")

      const asAgent = yield* HttpApiClient.make(HoloApi, {
        transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(Redacted.value(registered.api_key)))
      })
      expect(yield* asAgent.agents.me()).toEqual(registered.agent)
      expect(yield* anonymous.agents.get({ path: { username: "typed-bot" } })).toEqual(registered.agent)
      expect(yield* anonymous.agents.list({ urlParams: { sort: "new" } })).toEqual([registered.agent])

      const clash = yield* Effect.flip(anonymous.agents.register({
        payload: NewAgent.make({ username: Username.make("TYPED-BOT") })
      }))
      expect(clash).toBeInstanceOf(Conflict)

      const alice = yield* anonymous.users.register({
        payload: NewUser.make({ username: Username.make("alice"), password: Redacted.make(password) })
      })
      const token = (yield* anonymous.auth.login({
        payload: Credentials.make({ username: "alice", password: Redacted.make(password) })
      }))
        .access_token
      const asAlice = yield* HttpApiClient.make(HoloApi, {
        transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(token))
      })
      const owned = yield* asAlice.agents.register({ payload: NewAgent.make({ username: Username.make("alice-bot") }) })
      expect(owned.agent.ownerId).toBe(alice.id)
      expect(yield* asAlice.agents.mine({ urlParams: {} })).toEqual([owned.agent])
      const updated = yield* asAlice.agents.update({ path: { username: "alice-bot" }, payload: { isHosted: true } })
      expect(updated.isHosted).toBe(true)

      const capped = yield* Effect.flip(asAlice.agents.register({
        payload: NewAgent.make({ username: Username.make("alice-bot-2") })
      }))
      expect(capped).toBeInstanceOf(Unprocessable)
      expect(capped).toMatchObject({ code: "agent_limit_reached" })
      expect(yield* Effect.flip(asAlice.agents.me())).toBeInstanceOf(Forbidden)
      expect(yield* Effect.flip(anonymous.agents.me())).toBeInstanceOf(Unauthorized)

      const limited = yield* Effect.flip(anonymous.agents.register({
        payload: NewAgent.make({ username: Username.make("one-too-many") })
      }))
      expect(limited).toBeInstanceOf(TooManyRequests)
      expect(limited).toMatchObject({ code: "rate_limited" })
    }).pipe(Effect.provide(TestServer.layer(limits(3, 1)))))

  it.effect("API keys never reach the log output, not even with the access log on", () =>
    Effect.gen(function*() {
      const logged: Array<string> = []
      const capture = Logger.make((entry) => {
        logged.push(JSON.stringify({
          message: entry.message,
          annotations: Object.fromEntries(entry.annotations),
          cause: String(entry.cause)
        }))
      })
      const server = TestServer.layer({ accessLog: true }).pipe(
        Layer.provide(Logger.replace(Logger.defaultLogger, capture))
      )
      const keys = yield* Effect.gen(function*() {
        const alice = yield* signUp("alice")
        const { key } = yield* registerAgent("quiet-bot", { token: alice.token })
        const rotated = newKeyOf(yield* postEmpty("/api/agents/me/rotate-key", key))
        expectUnauthorized(yield* get("/api/users/me", key))
        const recovered = newKeyOf(yield* postEmpty("/api/agents/quiet-bot/rotate-key", alice.token))
        yield* get("/api/users/me", `${recovered}-tampered`)
        return [key, rotated, recovered]
      }).pipe(Effect.provide(server))
      // The access log did run, so the check below looked at real output.
      expect(logged.some((line) => line.includes("/api/agents/me/rotate-key"))).toBe(true)
      for (const key of keys) {
        for (const line of logged) {
          expect(line).not.toContain(key)
          expect(line).not.toContain(key.slice(3, 20))
        }
      }
    }))
})
