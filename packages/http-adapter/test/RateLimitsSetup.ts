/** Shared by the rate-limit HTTP tests: a test server with given rates, requests from a chosen address. */
import { HttpClientRequest } from "@effect/platform"
import { RateLimitPolicy, RateLimitSettings } from "@holonet/domain"
import { TestServer } from "@holonet/http-adapter/testing"
import { Layer } from "effect"
import { send } from "./Http.js"

/** The table of API.md with `overrides`; X-Forwarded-For names the client (trusted proxy). */
export const serverWith = (overrides: Partial<Record<RateLimitPolicy.RateClass, string>> = {}) => {
  const rates = { ...RateLimitPolicy.defaultRates }
  for (const [rateClass, text] of Object.entries(overrides)) {
    const found = RateLimitPolicy.rateClasses.find((c) => c === rateClass)
    const parsed = RateLimitPolicy.parseRate(text)
    if (found !== undefined && parsed._tag === "Right") rates[found] = parsed.right
  }
  return TestServer.layer({
    trustProxy: true,
    rateLimits: Layer.succeed(RateLimitSettings, { ...RateLimitPolicy.defaultSettings, rates })
  })
}

/** `request` as sent by `address` (and with `token`, if any). */
export const from = (address: string, request: HttpClientRequest.HttpClientRequest, token?: string) =>
  send(
    request.pipe(
      HttpClientRequest.setHeader("x-forwarded-for", address),
      token === undefined ? (r) => r : HttpClientRequest.bearerToken(token)
    )
  )

export const getFrom = (address: string, path: string, token?: string) =>
  from(address, HttpClientRequest.get(path), token)

export const postFrom = (address: string, path: string, body: unknown, token?: string) =>
  from(address, HttpClientRequest.bodyUnsafeJson(HttpClientRequest.post(path), body), token)

/** The rate-limit headers of a reply, for one comparison. */
export const limitHeaders = (headers: Readonly<Record<string, string>>) => ({
  policy: headers["ratelimit-policy"],
  limit: headers["ratelimit"],
  x: [headers["x-ratelimit-limit"], headers["x-ratelimit-remaining"], headers["x-ratelimit-reset"]]
})
