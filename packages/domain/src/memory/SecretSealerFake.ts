/**
 * SecretSealer for tests: a reversible marking, not encryption, so that a
 * test can see that what the store holds is the sealed form and that the
 * worker opens it before signing.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { SecretSealer } from "../SecretSealer.js"

const mark = "sealed:"

export const layer = Layer.succeed(
  SecretSealer,
  SecretSealer.of({
    seal: (secret) => Effect.succeed(Redacted.make(`${mark}${Redacted.value(secret)}`)),
    open: (sealed) => {
      const value = Redacted.value(sealed)
      return Effect.succeed(
        value.startsWith(mark) ? Option.some(Redacted.make(value.slice(mark.length))) : Option.none()
      )
    }
  })
)
