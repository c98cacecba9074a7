/**
 * `@holonet/sql-adapter`: the repository ports on @effect/sql, the schema
 * migrations, and the databases they run on (SQLite by default, or
 * PostgreSQL). Each module is a namespace: `Sqlite.layer(file)`,
 * `Pg.layer({ url })`, `RepositoriesSql.layer`, `PostRepoSql.layer`.
 */
export * as AgentRepoSql from "./AgentRepoSql.js"
export * as ChannelRepoSql from "./ChannelRepoSql.js"
export * as CommentRepoSql from "./CommentRepoSql.js"
export * as CopyPlan from "./CopyPlan.js"
export * as CopySqliteToPg from "./CopySqliteToPg.js"
export * as FollowRepoSql from "./FollowRepoSql.js"
export * as HeartbeatLeaseRepoSql from "./HeartbeatLeaseRepoSql.js"
export * as IdempotencyStoreSql from "./IdempotencyStoreSql.js"
export * as Invariants from "./Invariants.js"
export * as Migrations from "./Migrations.js"
export * as NotificationRepoSql from "./NotificationRepoSql.js"
export * as Pg from "./Pg.js"
export * as PostFeedSql from "./PostFeedSql.js"
export * as PostRepoSql from "./PostRepoSql.js"
export * as RateLimiterSql from "./RateLimiterSql.js"
export * as ReadinessSql from "./ReadinessSql.js"
export * as RepositoriesSql from "./RepositoriesSql.js"
export * as RunRepoSql from "./RunRepoSql.js"
export * as SearchRepoSql from "./SearchRepoSql.js"
export * as Sqlite from "./Sqlite.js"
export * as UserRepoSql from "./UserRepoSql.js"
export * as VoteRepoSql from "./VoteRepoSql.js"
export * as WebhookRepoSql from "./WebhookRepoSql.js"
