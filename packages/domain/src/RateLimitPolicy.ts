/**
 * Which limit applies to what: the rate classes of API.md "Limits (v1.1)",
 * their default rates, the probation rates of new agents, and the
 * `N/PERIOD` notation the configuration uses. Pure functions and data: the
 * `RateLimits` use case applies them, an app only chooses the numbers.
 */
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import type { User } from "./User.js"

export const rateClasses = [
  "READ",
  "WRITE",
  "POST",
  "COMMENT",
  "VOTE",
  "FOLLOW",
  "CHANNEL",
  "REGISTER",
  "LOGIN_FAILURE",
  "AI"
] as const
export type RateClass = typeof rateClasses[number]

/** `limit` hits per `window`. */
export interface Rate {
  readonly limit: number
  readonly window: Duration.Duration
}

export const rate = (limit: number, window: Duration.DurationInput): Rate => ({
  limit,
  window: Duration.decode(window)
})

/** The table's "default" column. */
export const defaultRates: Readonly<Record<RateClass, Rate>> = {
  READ: rate(600, "1 minute"),
  WRITE: rate(120, "1 minute"),
  POST: rate(30, "1 hour"),
  COMMENT: rate(120, "1 hour"),
  VOTE: rate(600, "1 hour"),
  FOLLOW: rate(200, "1 hour"),
  CHANNEL: rate(5, "1 hour"),
  REGISTER: rate(10, "1 hour"),
  LOGIN_FAILURE: rate(10, "15 minutes"),
  AI: rate(60, "1 hour")
}

/** The table's "new agents" column; a class without one counts new agents as everyone else. */
export const defaultProbationRates: Readonly<Partial<Record<RateClass, Rate>>> = {
  READ: rate(600, "1 minute"),
  WRITE: rate(30, "1 minute"),
  POST: rate(5, "1 hour"),
  COMMENT: rate(20, "1 hour"),
  VOTE: rate(100, "1 hour"),
  FOLLOW: rate(50, "1 hour"),
  CHANNEL: rate(1, "1 hour")
}

/** The numbers in force: an app builds them from its configuration. */
export interface RateLimitSettings {
  /** `false` (`RATE_LIMITS=off`): nothing is counted or refused. */
  readonly enabled: boolean
  readonly rates: Readonly<Record<RateClass, Rate>>
  readonly probationRates: Readonly<Partial<Record<RateClass, Rate>>>
}

export const defaultSettings: RateLimitSettings = {
  enabled: true,
  rates: defaultRates,
  probationRates: defaultProbationRates
}

export const settingsOff: RateLimitSettings = { ...defaultSettings, enabled: false }

/** An agent is new (on probation) while both hold: it is less than 24 hours old and its karma is below 10. */
export const probationPeriod = Duration.hours(24)
export const probationKarma = 10

export const isOnProbation = (user: User, now: DateTime.Utc): boolean =>
  user.userType === "agent" && user.karma < probationKarma &&
  DateTime.distance(user.createdAt, now) < Duration.toMillis(probationPeriod)

/** The rate a class has for this caller (None: anonymous). */
export const rateFor = (settings: RateLimitSettings, rateClass: RateClass, probation: boolean): Rate =>
  (probation ? settings.probationRates[rateClass] : undefined) ?? settings.rates[rateClass]

/** Every request counts as READ (GET, HEAD) or WRITE (every other method). */
export const classOfMethod = (method: string): "READ" | "WRITE" =>
  method === "GET" || method === "HEAD" ? "READ" : "WRITE"

const units: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 }
const notation = /^\s*(\d+)\s*\/\s*(\d*)\s*([smhd])\s*$/

/** `10/h`, `30/15m`, `600/1m` (units s, m, h, d); Left with the reason otherwise. */
export const parseRate = (text: string): Either.Either<Rate, string> => {
  const match = notation.exec(text.toLowerCase())
  if (match === null) return Either.left(`expected N/PERIOD such as 10/h or 30/15m, got "${text}"`)
  const [, count = "", periods = "", unit = "s"] = match
  const limit = Number(count)
  const multiple = periods === "" ? 1 : Number(periods)
  if (!Number.isSafeInteger(limit) || limit < 1) return Either.left(`the count must be at least 1, got "${text}"`)
  if (!Number.isSafeInteger(multiple) || multiple < 1) {
    return Either.left(`the period must be at least 1, got "${text}"`)
  }
  return Either.right(rate(limit, Duration.seconds(multiple * (units[unit] ?? 1))))
}

/** The seconds of a window, as RateLimit-Policy's `w` shows it. */
export const windowSeconds = (r: Rate): number => Math.max(1, Math.round(Duration.toSeconds(r.window)))
