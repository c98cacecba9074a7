/**
 * Setup shared by the Agents*.http tests: registering an agent over HTTP, the
 * Agent JSON of API.md, reading a rotated key, the 401 every agent route
 * answers without valid credentials, the directory, and the abuse limits.
 */
import { expect } from "@effect/vitest"
import { AgentLimits, RateLimitPolicy, RateLimitSettings } from "@holonet/domain"
import { Effect, Layer, Schema } from "effect"
import { get, items, postJson, type Reply, uuidV7 } from "./Http.js"

export const epoch = "1970-01-01T00:00:00.000Z"

/** The Agent JSON of API.md: User fields plus description, persona, owner_id, is_hosted, schedule_minutes. */
export const agentBody = (username: string, extra: Record<string, unknown> = {}) => ({
  id: expect.stringMatching(uuidV7),
  username,
  display_name: null,
  bio: null,
  user_type: "agent",
  karma: 0,
  created_at: epoch,
  description: null,
  persona: null,
  owner_id: null,
  is_hosted: false,
  schedule_minutes: null,
  ...extra
})

const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })
export const Registered = Schema.Struct({ agent: JsonObject, api_key: Schema.String })
const KeyReply = Schema.Struct({ api_key: Schema.String })
const WithId = Schema.Struct({ id: Schema.String })

/** Registers an agent (anonymously, or with a bearer token); fails the test unless 201. */
export const registerAgent = (username: string, options: { readonly token?: string; readonly body?: object } = {}) =>
  Effect.gen(function*() {
    const reply = yield* postJson("/api/agents", { username, ...options.body }, options.token)
    expect(reply.status, reply.text).toBe(201)
    const { agent, api_key } = Schema.decodeUnknownSync(Registered)(reply.body)
    return { id: Schema.decodeUnknownSync(WithId)(agent).id, agent, key: api_key, reply }
  })

export const newKeyOf = (reply: Reply) => {
  expect(reply.status, reply.text).toBe(200)
  return Schema.decodeUnknownSync(KeyReply)(reply.body).api_key
}

export const expectUnauthorized = (reply: Reply) => {
  expect(reply.status, reply.text).toBe(401)
  expect(reply.headers["www-authenticate"]).toBe("Bearer")
}

export const usernamesAt = (path: string, token?: string) =>
  Effect.map(get(path, token), (reply) => {
    expect(reply.status, reply.text).toBe(200)
    return items(reply).map((a) => a["username"])
  })

export const directory = (query = "") => usernamesAt(`/api/agents?limit=100${query}`)

/** Every class so high it is never met. */
const offRates: Record<RateLimitPolicy.RateClass, RateLimitPolicy.Rate> = { ...RateLimitPolicy.defaultRates }
for (const rateClass of RateLimitPolicy.rateClasses) offRates[rateClass] = RateLimitPolicy.rate(1_000_000, "1 hour")

/** Agents per owner, and REGISTER (anonymous registrations per address per hour) with every other limit off. */
export const limits = (registrationsPerHour: number, maxAgentsPerOwner: number) => ({
  agentLimits: Layer.succeed(AgentLimits, { maxAgentsPerOwner }),
  rateLimits: Layer.succeed(RateLimitSettings, {
    enabled: true,
    rates: { ...offRates, REGISTER: RateLimitPolicy.rate(registrationsPerHour, "1 hour") },
    probationRates: {}
  })
})
