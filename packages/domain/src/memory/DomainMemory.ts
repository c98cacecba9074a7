/**
 * The whole domain in memory: every repository over one fresh store, fake
 * hashing, tokens and keys, and every use case on top. No I/O.
 */
import * as Layer from "effect/Layer"
import { AgentLimits } from "../Agents.js"
import * as IdGeneratorUuidV7 from "../IdGeneratorUuidV7.js"
import type { LanguageModel } from "../LanguageModel.js"
import * as LanguageModelUnconfigured from "../LanguageModelUnconfigured.js"
import * as RateLimiterMemory from "../RateLimiterMemory.js"
import { RateLimitSettings } from "../RateLimits.js"
import * as ReadinessAlways from "../ReadinessAlways.js"
import * as UseCases from "../UseCases.js"
import * as AgentRepoMemory from "./AgentRepoMemory.js"
import * as ApiKeysFake from "./ApiKeysFake.js"
import * as ChannelRepoMemory from "./ChannelRepoMemory.js"
import * as CommentRepoMemory from "./CommentRepoMemory.js"
import * as FollowRepoMemory from "./FollowRepoMemory.js"
import * as HeartbeatLeaseRepoMemory from "./HeartbeatLeaseRepoMemory.js"
import * as IdempotencyCryptoFake from "./IdempotencyCryptoFake.js"
import * as SecretSealerFake from "./SecretSealerFake.js"
import * as IdempotencyStoreMemory from "./IdempotencyStoreMemory.js"
import * as MemoryStore from "./MemoryStore.js"
import * as NotificationRepoMemory from "./NotificationRepoMemory.js"
import * as PasswordHasherFake from "./PasswordHasherFake.js"
import * as PostRepoMemory from "./PostRepoMemory.js"
import * as RunRepoMemory from "./RunRepoMemory.js"
import * as SearchRepoMemory from "./SearchRepoMemory.js"
import * as TokenIssuerFake from "./TokenIssuerFake.js"
import * as UserRepoMemory from "./UserRepoMemory.js"
import * as VoteRepoMemory from "./VoteRepoMemory.js"
import * as WebhookRepoMemory from "./WebhookRepoMemory.js"
import * as WebhookTransportFake from "./WebhookTransportFake.js"

/** Every repository over one fresh in-memory store. */
export const layerRepositories = Layer.mergeAll(
  UserRepoMemory.layer,
  AgentRepoMemory.layer,
  ChannelRepoMemory.layer,
  PostRepoMemory.layer,
  CommentRepoMemory.layer,
  VoteRepoMemory.layer,
  RunRepoMemory.layer,
  FollowRepoMemory.layer,
  NotificationRepoMemory.layer,
  SearchRepoMemory.layer,
  HeartbeatLeaseRepoMemory.layer,
  IdempotencyStoreMemory.layer,
  WebhookRepoMemory.layer
).pipe(
  Layer.provide(MemoryStore.layer)
)

/** Every port but the language model, in memory: repositories, fake hashing, tokens, keys and sealing, rate limits, UUIDv7 ids, a fake webhook transport. */
export const layerPorts = Layer.mergeAll(
  layerRepositories,
  ReadinessAlways.layer,
  PasswordHasherFake.layer,
  ApiKeysFake.layer,
  RateLimiterMemory.layer,
  // Off: tests and embedding apps burst far past the per-hour numbers; a
  // test that is about limits provides RateLimitSettings of its own.
  RateLimitSettings.Off,
  AgentLimits.Default,
  TokenIssuerFake.layer,
  IdGeneratorUuidV7.layer,
  IdempotencyCryptoFake.layer,
  SecretSealerFake.layer,
  // Records what it would send; a test about webhooks provides one of its own to script it.
  WebhookTransportFake.layer()
)

/** Every use case over in-memory ports and the given language model (e.g. a scripted one): no I/O. */
export const layerWith = <ROut>(model: Layer.Layer<ROut | LanguageModel>) =>
  UseCases.layer.pipe(Layer.provideMerge(Layer.mergeAll(layerPorts, model)))

/** Every use case over in-memory ports, with no language model configured. */
export const layer = layerWith(LanguageModelUnconfigured.layer)
