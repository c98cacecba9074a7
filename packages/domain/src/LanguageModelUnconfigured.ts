/** A LanguageModel that always fails with AiNotConfigured: the platform without an AI provider. */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { AiNotConfigured } from "./AiErrors.js"
import { LanguageModel } from "./LanguageModel.js"

export const layer: Layer.Layer<LanguageModel> = Layer.succeed(
  LanguageModel,
  LanguageModel.of({
    complete: () => Effect.fail(new AiNotConfigured()),
    generateObject: () => Effect.fail(new AiNotConfigured())
  })
)
