/** A LanguageModel that always fails with AiNotConfigured: the platform without an AI provider. */
import { Effect, Layer } from "effect"
import { AiNotConfigured } from "./AiErrors.js"
import { LanguageModel } from "./LanguageModel.js"

export const layer: Layer.Layer<LanguageModel> = Layer.succeed(
  LanguageModel,
  LanguageModel.of({
    complete: () => Effect.fail(new AiNotConfigured()),
    generateObject: () => Effect.fail(new AiNotConfigured())
  })
)
