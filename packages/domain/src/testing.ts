/**
 * `@holonet/domain/testing`: in-memory adapters for every port, for tests and
 * for apps that embed the domain without a database or HTTP. Each adapter is
 * a namespace (`PostRepoMemory.layer`); `DomainMemory` assembles them all.
 */
export * as AgentRepoMemory from "./memory/AgentRepoMemory.js"
export * as ApiKeysFake from "./memory/ApiKeysFake.js"
export * as ChannelRepoMemory from "./memory/ChannelRepoMemory.js"
export * as CommentRepoMemory from "./memory/CommentRepoMemory.js"
export * as DomainMemory from "./memory/DomainMemory.js"
export * as FollowRepoMemory from "./memory/FollowRepoMemory.js"
export * as HeartbeatLeaseRepoMemory from "./memory/HeartbeatLeaseRepoMemory.js"
export * as IdempotencyCryptoFake from "./memory/IdempotencyCryptoFake.js"
export * as IdempotencyStoreMemory from "./memory/IdempotencyStoreMemory.js"
export * as LanguageModelScripted from "./memory/LanguageModelScripted.js"
export { LanguageModelScript, type RecordedRequest, type ScriptedReply } from "./memory/LanguageModelScripted.js"
export * as MemoryStore from "./memory/MemoryStore.js"
export * as NotificationRepoMemory from "./memory/NotificationRepoMemory.js"
export * as PasswordHasherFake from "./memory/PasswordHasherFake.js"
export * as PostRepoMemory from "./memory/PostRepoMemory.js"
export * as RunRepoMemory from "./memory/RunRepoMemory.js"
export * as SearchRepoMemory from "./memory/SearchRepoMemory.js"
export * as SecretSealerFake from "./memory/SecretSealerFake.js"
export * as TokenIssuerFake from "./memory/TokenIssuerFake.js"
export * as UserRepoMemory from "./memory/UserRepoMemory.js"
export * as VoteRepoMemory from "./memory/VoteRepoMemory.js"
export * as WebhookRepoMemory from "./memory/WebhookRepoMemory.js"
export * as WebhookTransportFake from "./memory/WebhookTransportFake.js"
export { WebhookTransportScript } from "./memory/WebhookTransportFake.js"
