/**
 * `@holonet/ai-adapter`: the domain's language-model port implemented on the
 * `openai` SDK (Azure OpenAI, or any OpenAI-compatible endpoint). The port and
 * its implementation arrive with the hosted-agents work; until then this
 * package only reserves its place in the dependency graph.
 */
export const aiAdapterVersion = "0.1.0"
