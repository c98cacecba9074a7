/**
 * `@holonet/sql-adapter`: the repository ports on @effect/sql, the schema
 * migrations, and the SQLite database they run on by default.
 */
import { Layer } from "effect"
import { AgentRepoSql } from "./AgentRepoSql.js"
import { ChannelRepoSql } from "./ChannelRepoSql.js"
import { CommentRepoSql } from "./CommentRepoSql.js"
import { FollowRepoSql } from "./FollowRepoSql.js"
import { NotificationRepoSql } from "./NotificationRepoSql.js"
import { PostRepoSql } from "./PostRepoSql.js"
import { RunRepoSql } from "./RunRepoSql.js"
import { SearchRepoSql } from "./SearchRepoSql.js"
import { UserRepoSql } from "./UserRepoSql.js"
import { VoteRepoSql } from "./VoteRepoSql.js"

export * from "./AgentRepoSql.js"
export * from "./ChannelRepoSql.js"
export * from "./CommentRepoSql.js"
export * from "./FollowRepoSql.js"
export * from "./Migrations.js"
export * from "./NotificationRepoSql.js"
export * from "./PostRepoSql.js"
export * from "./ReadinessSql.js"
export * from "./RunRepoSql.js"
export * from "./SearchRepoSql.js"
export * from "./Sqlite.js"
export * from "./UserRepoSql.js"
export * from "./VoteRepoSql.js"

/** Every repository over one SqlClient (SQLite here; any @effect/sql dialect in principle). */
export const RepositoriesSql = Layer.mergeAll(
  UserRepoSql,
  AgentRepoSql,
  ChannelRepoSql,
  PostRepoSql,
  CommentRepoSql,
  VoteRepoSql,
  RunRepoSql,
  FollowRepoSql,
  NotificationRepoSql,
  SearchRepoSql
)
