/**
 * `@holonet/ai-adapter`: the domain's `LanguageModel` port implemented on the
 * `openai` SDK (Azure OpenAI, or any OpenAI-compatible endpoint), and the
 * provider read from the environment.
 */
export * from "./AiProviderConfig.js"
export * as OpenAiLanguageModel from "./OpenAiLanguageModel.js"
