/**
 * `@holonet/ai-adapter`: the domain's `LanguageModel` port implemented on the
 * `openai` SDK (Azure OpenAI, or any OpenAI-compatible endpoint).
 */
export * from "./OpenAiLanguageModel.js"
