/**
 * What a failed call to the provider means, and what happens next. Each SDK
 * failure becomes a domain AiError, marked retryable (429, 5xx, network),
 * rejected (a 400 naming a parameter the caller may drop, or a content
 * filter) or final, with the provider's Retry-After; `retrySchedule` decides whether and
 * when to try again, and `errorAfterRetries` is what the caller sees when it
 * stops. The provider's text for 401/403 never reaches an error: it can quote
 * the key.
 */
import { type AiError, AiRateLimited, AiTimeout, AiUnavailable, excerpt } from "@holonet/domain"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai"

/** One failed HTTP attempt: worth another attempt or not, and when the provider asked us to come back. */
export type AttemptFailure =
  | {
    readonly _tag: "Retryable"
    readonly error: AiRateLimited | AiUnavailable
    readonly retryAfterMillis: Option.Option<number>
  }
  | { readonly _tag: "Final"; readonly error: AiError }
  | {
    /** A 400 naming something of the request this provider does not take, which a changed request may avoid. */
    readonly _tag: "Rejected"
    readonly error: AiError
    readonly rejected: Rejected
  }

/**
 * What a provider's 400 refused: a request parameter it does not support
 * (`response_format: json_schema`, `max_completion_tokens`,
 * `reasoning_effort`), or the prompt, by its content filter (Azure).
 */
export type Rejected = "json_schema" | "max_completion_tokens" | "reasoning_effort" | "content_filter"

/** What a 400 refused, from the error's code, param and message; none when it names nothing we can change. */
export const rejectedBy = (
  error: {
    readonly code?: string | null | undefined
    readonly param?: string | null | undefined
    readonly message: string
  }
): Option.Option<Rejected> => {
  const said = `${error.code ?? ""} ${error.param ?? ""} ${error.message}`.toLowerCase()
  if (said.includes("content_filter") || said.includes("content management policy")) {
    return Option.some("content_filter")
  }
  if (said.includes("max_completion_tokens")) return Option.some("max_completion_tokens")
  if (said.includes("reasoning_effort")) return Option.some("reasoning_effort")
  if (said.includes("json_schema") || said.includes("response_format")) return Option.some("json_schema")
  return Option.none()
}

/** A failure that no retry can fix. */
export const finalFailure = (error: AiError): AttemptFailure => ({ _tag: "Final", error })

/** `retry-after-ms` (OpenAI) or `retry-after` in seconds. HTTP dates are not honoured. */
const retryAfterMillis = (headers: Headers | undefined): Option.Option<number> => {
  const parse = (name: string, scale: number) =>
    Option.fromNullable(headers?.get(name)).pipe(
      Option.map((raw) => Number(raw.trim())),
      Option.filter((value) => Number.isFinite(value) && value >= 0),
      Option.map((value) => value * scale)
    )
  return Option.orElse(parse("retry-after-ms", 1), () => parse("retry-after", 1000))
}

/** What the SDK threw (or rejected with), as a domain error; `timeoutMillis` is the per-attempt timeout. */
export const classifyFailure = (error: unknown, timeoutMillis: number): AttemptFailure => {
  // Subclasses first: a timeout and an abort are both APIConnectionErrors / APIErrors.
  if (error instanceof APIConnectionTimeoutError) return finalFailure(new AiTimeout({ afterMillis: timeoutMillis }))
  if (error instanceof APIUserAbortError) return finalFailure(new AiUnavailable({ reason: "request aborted" }))
  if (error instanceof APIConnectionError) {
    return {
      _tag: "Retryable",
      error: new AiUnavailable({ reason: `cannot reach the provider (${excerpt(error.message, 120)})` }),
      retryAfterMillis: Option.none()
    }
  }
  if (error instanceof APIError) {
    const status = error.status
    const headers = error.headers
    if (status === 429) {
      const after = retryAfterMillis(headers)
      return {
        _tag: "Retryable",
        error: new AiRateLimited({
          retryAfterSeconds: Math.max(1, Math.ceil(Option.getOrElse(after, () => 1000) / 1000))
        }),
        retryAfterMillis: after
      }
    }
    if (status === undefined) return finalFailure(new AiUnavailable({ reason: excerpt(error.message) }))
    if (status >= 500) {
      return {
        _tag: "Retryable",
        error: new AiUnavailable({ reason: excerpt(error.message), status }),
        retryAfterMillis: retryAfterMillis(headers)
      }
    }
    if (status === 401 || status === 403) {
      return finalFailure(new AiUnavailable({ reason: "the provider refused the credentials", status }))
    }
    const failed = new AiUnavailable({ reason: excerpt(error.message), status })
    if (status === 400) {
      const rejected = rejectedBy(error)
      if (Option.isSome(rejected)) return { _tag: "Rejected", error: failed, rejected: rejected.value }
    }
    return finalFailure(failed)
  }
  return finalFailure(
    new AiUnavailable({ reason: error instanceof Error ? excerpt(error.message) : "unexpected failure" })
  )
}

/** How a call retries. */
export interface RetryPolicy {
  /** Attempts per call, the first included; at least 1. */
  readonly maxAttempts: number
  /** The first backoff, doubled after each attempt. */
  readonly baseDelay: Duration.Duration
  /** The longest wait between attempts. */
  readonly maxDelay: Duration.Duration
}

/** One decision of the retry schedule: the attempt that failed (1-based), how, and the wait chosen before the next. */
export interface RetryStep {
  readonly attempt: number
  readonly failure: AttemptFailure
  readonly delayMillis: number
}

/**
 * The retry schedule of one call, fed each failed attempt: retryable failures
 * only, at most `maxAttempts` attempts in all, waiting the provider's
 * Retry-After when it sent one, else the exponential backoff with ±20% jitter
 * capped at `maxDelay`. A Retry-After beyond `maxDelay` stops at once: waiting
 * that long would hold the caller's request. Its output is computed on the
 * last failure too, so the caller can say how long to wait (`errorAfterRetries`).
 */
export const retrySchedule = (policy: RetryPolicy): Schedule.Schedule<RetryStep, AttemptFailure> => {
  const maxDelayMillis = Duration.toMillis(policy.maxDelay)
  const wait = (failure: AttemptFailure, backoff: Duration.Duration): Effect.Effect<number> =>
    failure._tag === "Retryable" && Option.isSome(failure.retryAfterMillis)
      ? Effect.succeed(failure.retryAfterMillis.value)
      : Effect.map(
        Random.nextRange(0.8, 1.2),
        (jitter) => Math.min(maxDelayMillis, Duration.toMillis(backoff) * jitter)
      )
  return Schedule.exponential(policy.baseDelay).pipe(
    Schedule.intersect(Schedule.identity<AttemptFailure>()),
    Schedule.intersect(Schedule.recurs(policy.maxAttempts - 1)),
    Schedule.mapEffect(([[backoff, failure], retries]) =>
      Effect.map(wait(failure, backoff), (delayMillis): RetryStep => ({ attempt: retries + 1, failure, delayMillis }))
    ),
    Schedule.whileInput((failure: AttemptFailure) => failure._tag === "Retryable"),
    Schedule.whileOutput((step) => step.delayMillis <= maxDelayMillis),
    Schedule.modifyDelay((step) => Duration.millis(step.delayMillis)),
    Schedule.onDecision((step, decision) =>
      ScheduleDecision.isContinue(decision)
        ? Effect.logWarning("language model call failed; retrying").pipe(
          Effect.annotateLogs({
            attempt: step.attempt,
            error: step.failure.error._tag,
            delayMillis: Math.round(step.delayMillis)
          })
        )
        : Effect.void
    )
  )
}

/**
 * The error a caller sees once the schedule stops: the last failure's, except
 * that a rate limit says to come back after the wait the schedule chose on it
 * (the provider's Retry-After, or the next backoff).
 */
export const errorAfterRetries = ({ delayMillis, failure }: RetryStep): AiError =>
  failure._tag === "Retryable" && failure.error._tag === "AiRateLimited"
    ? new AiRateLimited({ retryAfterSeconds: Math.max(1, Math.ceil(delayMillis / 1000)) })
    : failure.error
