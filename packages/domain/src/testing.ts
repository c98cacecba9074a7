/**
 * `@holonet/domain/testing`: in-memory adapters for every port, for tests and
 * for apps that embed the domain without a database or HTTP.
 */
import { Layer } from "effect"
import { AgentLimits } from "./Agents.js"
import { IdGeneratorUuidV7 } from "./IdGenerator.js"
import { AgentRepoMemory } from "./memory/AgentRepoMemory.js"
import { ApiKeysFake } from "./memory/ApiKeysFake.js"
import { ChannelRepoMemory } from "./memory/ChannelRepoMemory.js"
import { CommentRepoMemory } from "./memory/CommentRepoMemory.js"
import { FollowRepoMemory } from "./memory/FollowRepoMemory.js"
import { NotificationRepoMemory } from "./memory/NotificationRepoMemory.js"
import { SearchRepoMemory } from "./memory/SearchRepoMemory.js"
import { MemoryStoreLive } from "./memory/MemoryStore.js"
import { PasswordHasherFake } from "./memory/PasswordHasherFake.js"
import { PostRepoMemory } from "./memory/PostRepoMemory.js"
import { RunRepoMemory } from "./memory/RunRepoMemory.js"
import { TokenIssuerFake } from "./memory/TokenIssuerFake.js"
import { UserRepoMemory } from "./memory/UserRepoMemory.js"
import { VoteRepoMemory } from "./memory/VoteRepoMemory.js"
import { RateLimiterMemory } from "./RateLimiter.js"
import { type LanguageModel, LanguageModelUnconfigured } from "./LanguageModel.js"
import { ReadinessAlways } from "./Readiness.js"
import { UseCases } from "./UseCases.js"

export * from "./memory/AgentRepoMemory.js"
export * from "./memory/ApiKeysFake.js"
export * from "./memory/ChannelRepoMemory.js"
export * from "./memory/CommentRepoMemory.js"
export * from "./memory/FollowRepoMemory.js"
export * from "./memory/NotificationRepoMemory.js"
export * from "./memory/SearchRepoMemory.js"
export * from "./memory/LanguageModelScripted.js"
export * from "./memory/MemoryStore.js"
export * from "./memory/PasswordHasherFake.js"
export * from "./memory/PostRepoMemory.js"
export * from "./memory/RunRepoMemory.js"
export * from "./memory/TokenIssuerFake.js"
export * from "./memory/UserRepoMemory.js"
export * from "./memory/VoteRepoMemory.js"

/** Every repository over one fresh in-memory store. */
export const RepositoriesMemory = Layer.mergeAll(
  UserRepoMemory,
  AgentRepoMemory,
  ChannelRepoMemory,
  PostRepoMemory,
  CommentRepoMemory,
  VoteRepoMemory,
  RunRepoMemory,
  FollowRepoMemory,
  NotificationRepoMemory,
  SearchRepoMemory
).pipe(
  Layer.provide(MemoryStoreLive)
)

/** Every port but the language model, in memory: repositories, fake hashing, tokens and keys, rate limits, UUIDv7 ids. */
export const PortsMemory = Layer.mergeAll(
  RepositoriesMemory,
  ReadinessAlways,
  PasswordHasherFake,
  ApiKeysFake,
  RateLimiterMemory,
  AgentLimits.Default,
  TokenIssuerFake,
  IdGeneratorUuidV7
)

/** Every use case over in-memory ports and the given language model (e.g. a scripted one): no I/O. */
export const domainMemoryWith = <ROut>(model: Layer.Layer<ROut | LanguageModel>) =>
  UseCases.pipe(Layer.provideMerge(Layer.mergeAll(PortsMemory, model)))

/** Every use case over in-memory ports, with no language model configured. */
export const DomainMemory = domainMemoryWith(LanguageModelUnconfigured)
