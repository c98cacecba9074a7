/**
 * `@holonet/domain/contracts`: the behaviour every repository adapter must
 * have, as vitest suites an adapter's own tests call with its layer, plus the
 * sample rows they use. A test kit for adapter authors: it imports
 * `@effect/vitest` (a peer dependency), which the runtime `src/` never does.
 */
export * from "./AgentRepoContract.js"
export * from "./ChannelRepoContract.js"
export * from "./CommentRepoContract.js"
export * from "./Fixtures.js"
export * from "./FollowRepoContract.js"
export * from "./HeartbeatLeaseRepoContract.js"
export * from "./IdempotencyStoreContract.js"
export * from "./NotificationRepoContract.js"
export * from "./PostRepoContract.js"
export * from "./RateLimiterContract.js"
export * from "./RepositoryContracts.js"
export * from "./RunRepoContract.js"
export * from "./SearchRepoContract.js"
export * from "./UserRepoContract.js"
export * from "./VoteRepoContract.js"
export * from "./WebhookRepoContract.js"
