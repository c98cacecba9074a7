/**
 * plain.mjs's parameter checks shared by its routes: integers, pages and time
 * windows of the query string, optional text of a body.
 */
import { invalid } from "./http.mjs"

const intParam = (params, name, fallback) => {
  const raw = params.get(name)
  if (raw === null) return fallback
  return /^-?\d+$/.test(raw) ? Number(raw) : NaN
}

/** Optional text: null/absent → null; trimmed; max length. Returns [ok, value]. */
export const optionalText = (value, max) => {
  if (value === undefined || value === null) return [true, null]
  if (typeof value !== "string") return [false]
  const trimmed = value.trim()
  return trimmed.length <= max ? [true, trimmed] : [false]
}

/** limit (1..max, `fallback` when absent) and offset (>= 0) of a page; undefined once a 422 was answered. */
export const pageParams = (res, params, fallback, max) => {
  const limit = intParam(params, "limit", fallback)
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    invalid(res, ["query", "limit"], `limit must be an integer between 1 and ${max}`)
    return undefined
  }
  const offset = intParam(params, "offset", 0)
  if (!Number.isInteger(offset) || offset < 0) {
    invalid(res, ["query", "offset"], "offset must be >= 0")
    return undefined
  }
  return { limit, offset }
}

const hourMs = 3_600_000
const topWindows = {
  hour: hourMs,
  day: 24 * hourMs,
  week: 168 * hourMs,
  month: 720 * hourMs,
  year: 8760 * hourMs,
  all: null
}

/**
 * How far back `sort` reaches in ms (`rising` 12 hours, `top` the window `t`),
 * null for no bound; undefined once a 422 was answered.
 */
export const spanParam = (res, params, sort) => {
  const t = params.get("t") ?? "all"
  if (!Object.hasOwn(topWindows, t)) {
    invalid(res, ["query", "t"], "t must be hour, day, week, month, year or all")
    return undefined
  }
  return sort === "rising" ? 12 * hourMs : sort === "top" ? topWindows[t] : null
}
