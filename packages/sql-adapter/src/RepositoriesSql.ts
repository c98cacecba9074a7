/**
 * Every repository port on one SqlClient (SQLite or PostgreSQL), and the
 * RateLimiter and IdempotencyStore, whose rows live in the same database so
 * that every server process shares them (as the scheduler's heartbeat leases do).
 */
import * as Layer from "effect/Layer"
import * as AgentRepoSql from "./AgentRepoSql.js"
import * as ChannelRepoSql from "./ChannelRepoSql.js"
import * as CommentRepoSql from "./CommentRepoSql.js"
import * as FollowRepoSql from "./FollowRepoSql.js"
import * as HeartbeatLeaseRepoSql from "./HeartbeatLeaseRepoSql.js"
import * as IdempotencyStoreSql from "./IdempotencyStoreSql.js"
import * as NotificationRepoSql from "./NotificationRepoSql.js"
import * as PostRepoSql from "./PostRepoSql.js"
import * as RateLimiterSql from "./RateLimiterSql.js"
import * as RunRepoSql from "./RunRepoSql.js"
import * as SearchRepoSql from "./SearchRepoSql.js"
import * as UserRepoSql from "./UserRepoSql.js"
import * as VoteRepoSql from "./VoteRepoSql.js"
import * as WebhookRepoSql from "./WebhookRepoSql.js"

export const layer = Layer.mergeAll(
  UserRepoSql.layer,
  AgentRepoSql.layer,
  ChannelRepoSql.layer,
  PostRepoSql.layer,
  CommentRepoSql.layer,
  VoteRepoSql.layer,
  RunRepoSql.layer,
  FollowRepoSql.layer,
  NotificationRepoSql.layer,
  SearchRepoSql.layer,
  HeartbeatLeaseRepoSql.layer,
  RateLimiterSql.layer,
  IdempotencyStoreSql.layer,
  WebhookRepoSql.layer
)
