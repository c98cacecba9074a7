/**
 * The rate limits from configuration: `RATE_LIMITS=off` turns them all off;
 * `RATE_LIMIT_<CLASS>` sets a class as `N/PERIOD` (`10/h`, `30/15m`; units
 * s, m, h, d) and `RATE_LIMIT_<CLASS>_NEW` its probation rate for new agents;
 * unset, the table of API.md applies. `AGENT_REGISTRATIONS_PER_HOUR` stays
 * accepted as the old name of `RATE_LIMIT_REGISTER` (a count per hour).
 */
import { RateLimitPolicy } from "@holonet/domain"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Either from "effect/Either"
import * as Option from "effect/Option"

const rateVar = (name: string): Config.Config<Option.Option<RateLimitPolicy.Rate>> =>
  Config.option(
    Config.string(name).pipe(
      Config.mapOrFail((raw) =>
        Either.mapLeft(RateLimitPolicy.parseRate(raw), (message) => ConfigError.InvalidData([name], message))
      )
    )
  )

const switchedOn = Config.string("RATE_LIMITS").pipe(
  Config.withDefault("on"),
  Config.mapOrFail((raw) => {
    const value = raw.trim().toLowerCase()
    if (value === "on" || value === "true") return Either.right(true)
    if (value === "off" || value === "false") return Either.right(false)
    return Either.left(ConfigError.InvalidData(["RATE_LIMITS"], `Expected on or off; got '${raw}'`))
  })
)

/** The old variable: a whole number of registrations per hour. */
const oldRegisterName = Config.option(
  Config.integer("AGENT_REGISTRATIONS_PER_HOUR").pipe(
    Config.validate({ message: "Expected a positive integer", validation: (n) => n > 0 })
  )
).pipe(Config.map(Option.map((n) => RateLimitPolicy.rate(n, "1 hour"))))

type Rates = Record<RateLimitPolicy.RateClass, RateLimitPolicy.Rate>

const standardRates: Config.Config<Rates> = Config.all([
  Config.all(RateLimitPolicy.rateClasses.map((rateClass) => rateVar(`RATE_LIMIT_${rateClass}`))),
  oldRegisterName
]).pipe(Config.map(([configured, oldRegister]) => {
  const rates: Rates = { ...RateLimitPolicy.defaultRates }
  RateLimitPolicy.rateClasses.forEach((rateClass, i) => {
    const value = configured[i] ?? Option.none()
    const fallback = rateClass === "REGISTER" ? oldRegister : Option.none()
    rates[rateClass] = Option.getOrElse(Option.orElse(value, () => fallback), () => rates[rateClass])
  })
  return rates
}))

const probationClasses = RateLimitPolicy.rateClasses.filter((c) =>
  RateLimitPolicy.defaultProbationRates[c] !== undefined
)

const probationRates: Config.Config<Partial<Rates>> = Config.all(
  probationClasses.map((rateClass) => rateVar(`RATE_LIMIT_${rateClass}_NEW`))
).pipe(Config.map((configured) => {
  const rates: Partial<Rates> = { ...RateLimitPolicy.defaultProbationRates }
  probationClasses.forEach((rateClass, i) => {
    const value = configured[i] ?? Option.none()
    if (Option.isSome(value)) rates[rateClass] = value.value
  })
  return rates
}))

export const rateLimitsConfig: Config.Config<RateLimitPolicy.RateLimitSettings> = Config.all({
  enabled: switchedOn,
  rates: standardRates,
  probationRates
})
