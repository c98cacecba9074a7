/**
 * A cap on how deeply a JSON request body may nest. A body nested a few
 * thousand levels deep parses, but then overflows the stack of whatever
 * walks it recursively (schema decoding, error formatting), which answered
 * 500 and logged a defect. No request of the API nests beyond a few levels,
 * so the body is scanned before it is parsed and a deeper one gets 422.
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

export const maxJsonDepth = 64

const quote = 0x22
const backslash = 0x5c
const opening = new Set([0x5b, 0x7b])
const closing = new Set([0x5d, 0x7d])

/** Whether `text` opens more than `max` arrays or objects inside each other; brackets in strings don't count. */
export const nestsDeeperThan = (text: string, max: number): boolean => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === backslash) i++
      else if (code === quote) inString = false
    } else if (code === quote) {
      inString = true
    } else if (opening.has(code)) {
      if (++depth > max) return true
    } else if (closing.has(code)) {
      depth--
    }
  }
  return false
}

/** A 422 in the shape of every other body error (ValidationError's, as FastAPI writes it). */
export const tooDeep = HttpServerResponse.unsafeJson(
  {
    detail: [{
      type: "json_too_deep",
      loc: ["body"],
      msg: `Request body nests arrays or objects more than ${maxJsonDepth} levels deep`
    }]
  },
  { status: 422 }
)

/**
 * Runs `app` unless the request's JSON body nests too deeply. The body's
 * text is cached by the request, so the app reads the same text again
 * without a second read; a body that can't be read is left for the app to
 * refuse as it would.
 */
export const guardDepth = <E, R>(app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const contentType = (request.headers["content-type"] ?? "").toLowerCase()
    if (contentType.startsWith("application/json")) {
      const text = yield* Effect.option(request.text)
      if (Option.isSome(text) && nestsDeeperThan(text.value, maxJsonDepth)) return tooDeep
    }
    return yield* app
  })
