/**
 * Use case: rate limits. Applies RateLimitPolicy with the counters of the
 * RateLimiter port: each use case consumes its class (Posts.create → POST,
 * votes → VOTE...), per principal (with the probation rates for new agents)
 * or per client address; the HTTP adapter consumes READ or WRITE for every
 * request. Every quota consumed while a QuotaLog is installed is recorded in
 * it, so that the caller (the HTTP adapter) can show the one closest to
 * running out; refusals are recorded too, with nothing remaining.
 */
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import { RateLimited } from "./Errors.js"
import { type QuotaState, RateLimiter } from "./RateLimiter.js"
import {
  classOfMethod,
  defaultSettings,
  isOnProbation,
  type Rate,
  type RateClass,
  rateFor,
  type RateLimitSettings as Settings,
  settingsOff,
  windowSeconds
} from "./RateLimitPolicy.js"
import { CurrentUser, type User } from "./User.js"

/** The numbers in force, chosen by the app's configuration. */
export class RateLimitSettings extends Context.Tag("@holonet/domain/RateLimitSettings")<RateLimitSettings, Settings>() {
  /** The table of API.md. */
  static readonly Default = Layer.succeed(RateLimitSettings, defaultSettings)
  /** Nothing counted (`RATE_LIMITS=off`). */
  static readonly Off = Layer.succeed(RateLimitSettings, settingsOff)
}

/** One quota consumed (or checked) during a request. */
export interface QuotaUse extends QuotaState {
  readonly rateClass: RateClass
  readonly windowSeconds: number
}

/** Where the quotas of the current request go; none installed: not recorded. */
const currentLog = FiberRef.unsafeMake<Option.Option<Ref.Ref<ReadonlyArray<QuotaUse>>>>(Option.none())

/** A place for the quotas of one request (or any unit of work). */
export type QuotaLog = Ref.Ref<ReadonlyArray<QuotaUse>>

export const makeQuotaLog: Effect.Effect<QuotaLog> = Ref.make<ReadonlyArray<QuotaUse>>([])

/** Runs `effect` with every quota it consumes recorded in `log` (child fibers included). */
export const withQuotaLog = (log: QuotaLog) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.locally(effect, currentLog, Option.some(log))

/** The quota closest to running out: fewest remaining, then the longest wait. */
export const tightest = (quotas: ReadonlyArray<QuotaUse>): Option.Option<QuotaUse> =>
  Option.fromNullable(
    quotas.reduce<QuotaUse | undefined>(
      (best, q) =>
        best === undefined || q.remaining < best.remaining ||
          (q.remaining === best.remaining && q.resetSeconds > best.resetSeconds)
          ? q
          : best,
      undefined
    )
  )

const record = (use: QuotaUse) =>
  Effect.flatMap(
    FiberRef.get(currentLog),
    Option.match({ onNone: () => Effect.void, onSome: (log) => Ref.update(log, (all) => [...all, use]) })
  )

export class RateLimits extends Effect.Service<RateLimits>()("@holonet/domain/RateLimits", {
  effect: Effect.gen(function*() {
    const limiter = yield* RateLimiter
    const settings = yield* RateLimitSettings

    const count = (rateClass: RateClass, subject: string, r: Rate, peek: boolean) => {
      if (!settings.enabled) return Effect.void
      const base = { rateClass, windowSeconds: windowSeconds(r) }
      return limiter.hit(`${rateClass}:${subject}`, r.limit, r.window, { peek }).pipe(
        Effect.tap((state) => record({ ...base, ...state })),
        Effect.tapError((refused) =>
          record({ ...base, limit: r.limit, remaining: 0, resetSeconds: refused.retryAfterSeconds })
        ),
        Effect.mapError((refused) =>
          new RateLimited({ retryAfterSeconds: refused.retryAfterSeconds, limit: r.limit, rateClass })
        ),
        Effect.asVoid
      )
    }

    const rateOfUser = (rateClass: RateClass, user: User) =>
      Effect.map(DateTime.now, (now) => rateFor(settings, rateClass, isOnProbation(user, now)))

    /** Consumes `rateClass` for this user (probation rates while the user is a new agent). */
    const forUser = (rateClass: RateClass, user: User) =>
      Effect.flatMap(rateOfUser(rateClass, user), (r) => count(rateClass, `u:${user.id}`, r, false))

    /** Consumes `rateClass` for the current user. */
    const forCaller = (rateClass: RateClass) => Effect.flatMap(CurrentUser, (user) => forUser(rateClass, user))

    /** Consumes `rateClass` for a client address. */
    const forAddress = (rateClass: RateClass, address: string) =>
      count(rateClass, `a:${address}`, settings.rates[rateClass], false)

    /** The per-request class (READ or WRITE), for the principal if known, else for the address. */
    const forRequest = (method: string, principal: Option.Option<User>, address: string) =>
      Option.match(principal, {
        onNone: () => forAddress(classOfMethod(method), address),
        onSome: (user) => forUser(classOfMethod(method), user)
      })

    const loginKeys = (username: string, address: Option.Option<string>) => [
      `name:${username.toLowerCase()}`,
      ...Option.toArray(Option.map(address, (a) => `a:${a}`))
    ]

    /** Whether another login may be tried for this username and address: refused once either has too many failures. */
    const checkLogin = (username: string, address: Option.Option<string>) =>
      Effect.forEach(
        loginKeys(username, address),
        (key) => count("LOGIN_FAILURE", key, settings.rates.LOGIN_FAILURE, true),
        { discard: true }
      )

    /** Counts one failed login against the username and the address. */
    const loginFailed = (username: string, address: Option.Option<string>) =>
      Effect.forEach(
        loginKeys(username, address),
        (key) => Effect.ignore(count("LOGIN_FAILURE", key, settings.rates.LOGIN_FAILURE, false)),
        { discard: true }
      )

    return { forUser, forCaller, forAddress, forRequest, checkLogin, loginFailed, enabled: settings.enabled } as const
  })
}) {}
