/**
 * HTTP from the runner's side, outside autocannon: one request with a JSON
 * or form body (seeding, probes), a status check that fails the seeding, and
 * a bounded pool of requests in flight.
 */
import { SEED_REQUEST_TIMEOUT_MS } from "./config.mjs"
import { BenchError } from "./errors.mjs"

/** The JSON of an answer, or its text when it is not JSON. */
export const parseJson = (text) => {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export const call = async (base, method, path, { token, json, form } = {}) => {
  const headers = {}
  let body
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  if (json !== undefined) {
    headers["content-type"] = "application/json"
    body = JSON.stringify(json)
  } else if (form !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded"
    body = new URLSearchParams(form).toString()
  }
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(SEED_REQUEST_TIMEOUT_MS)
  })
  const text = await res.text()
  return { status: res.status, body: parseJson(text), text }
}

export const expectStatus = async (what, expected, promise) => {
  const res = await promise
  if (res.status !== expected) {
    throw new BenchError(`seed: ${what}: expected ${expected}, got ${res.status}: ${res.text.slice(0, 300)}`)
  }
  return res.body
}

/** Runs fn(0..count-1) with at most `concurrency` in flight; rejects on the first failure. */
export const pool = async (count, concurrency, fn) => {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < count) {
      const i = next++
      try {
        await fn(i)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}
