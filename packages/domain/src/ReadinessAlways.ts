/** Readiness for stores that cannot be unavailable, such as the in-memory one. */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Readiness } from "./Readiness.js"

export const layer: Layer.Layer<Readiness> = Layer.succeed(Readiness, { check: Effect.succeed(true) })
