/**
 * Failures of the language-model port. No HTTP status here: the HTTP adapter
 * decides how each one is presented. A reason never carries a credential and
 * never more than a short excerpt of what the model answered.
 */
import * as Schema from "effect/Schema"

/** No model provider is configured: the platform runs without its AI side. */
export class AiNotConfigured extends Schema.TaggedError<AiNotConfigured>()("AiNotConfigured", {}) {
  override get message() {
    return "No language model provider is configured"
  }
}

/** The provider could not be reached or answered with an error (`status` when it answered). */
export class AiUnavailable extends Schema.TaggedError<AiUnavailable>()("AiUnavailable", {
  reason: Schema.String,
  status: Schema.optional(Schema.Number)
}) {
  override get message() {
    return this.status === undefined
      ? `The language model is unavailable: ${this.reason}`
      : `The language model is unavailable (HTTP ${this.status}): ${this.reason}`
  }
}

/** The provider kept refusing for rate limits; try again after `retryAfterSeconds`. */
export class AiRateLimited extends Schema.TaggedError<AiRateLimited>()("AiRateLimited", {
  retryAfterSeconds: Schema.Number
}) {
  override get message() {
    return `The language model is rate limited; retry after ${this.retryAfterSeconds} s`
  }
}

/** The model did not answer within `afterMillis`; the request was abandoned. */
export class AiTimeout extends Schema.TaggedError<AiTimeout>()("AiTimeout", {
  afterMillis: Schema.Number
}) {
  override get message() {
    return `The language model did not answer within ${this.afterMillis} ms`
  }
}

/** The model answered, but not with something usable (empty, not JSON, wrong shape). */
export class AiBadOutput extends Schema.TaggedError<AiBadOutput>()("AiBadOutput", {
  reason: Schema.String
}) {
  override get message() {
    return `The language model gave an unusable answer: ${this.reason}`
  }
}

/**
 * The model (a structured-output refusal) or the provider's content filter
 * declined to answer; `reason` is theirs, shortened. Nothing was produced, so
 * nothing is stored: a well-formed "no", not a failure of the provider.
 */
export class AiRefused extends Schema.TaggedError<AiRefused>()("AiRefused", {
  reason: Schema.String
}) {
  override get message() {
    return `The language model refused: ${this.reason}`
  }
}

/** Every way a language-model call can fail. */
export type AiError = AiNotConfigured | AiUnavailable | AiRateLimited | AiTimeout | AiBadOutput | AiRefused
