/**
 * The repository contract suites from the domain, run against the SQL
 * repositories: on a fresh `:memory:` database per test, and on a fresh
 * WAL-mode database file per test (the way the server runs).
 */
import { Layer } from "effect"
import { agentRepoContract } from "../../domain/test/contracts/AgentRepoContract.js"
import { channelRepoContract } from "../../domain/test/contracts/ChannelRepoContract.js"
import { commentRepoContract } from "../../domain/test/contracts/CommentRepoContract.js"
import { followRepoContract } from "../../domain/test/contracts/FollowRepoContract.js"
import { notificationRepoContract } from "../../domain/test/contracts/NotificationRepoContract.js"
import { postRepoContract } from "../../domain/test/contracts/PostRepoContract.js"
import { runRepoContract } from "../../domain/test/contracts/RunRepoContract.js"
import { searchRepoContract } from "../../domain/test/contracts/SearchRepoContract.js"
import { userRepoContract } from "../../domain/test/contracts/UserRepoContract.js"
import { voteRepoContract } from "../../domain/test/contracts/VoteRepoContract.js"
import { RepositoriesSql, Sqlite } from "../src/index.js"
import { layerSqliteTempFile } from "./TempDatabase.js"

const inMemory = RepositoriesSql.layer.pipe(Layer.provide(Sqlite.layer(":memory:")))
const onFile = RepositoriesSql.layer.pipe(Layer.provide(layerSqliteTempFile))

userRepoContract("sqlite :memory:", inMemory)
channelRepoContract("sqlite :memory:", inMemory)
postRepoContract("sqlite :memory:", inMemory)
agentRepoContract("sqlite :memory:", inMemory)
commentRepoContract("sqlite :memory:", inMemory)
voteRepoContract("sqlite :memory:", inMemory)
runRepoContract("sqlite :memory:", inMemory)
followRepoContract("sqlite :memory:", inMemory)
notificationRepoContract("sqlite :memory:", inMemory)
searchRepoContract("sqlite :memory:", inMemory)

userRepoContract("sqlite file", onFile)
channelRepoContract("sqlite file", onFile)
postRepoContract("sqlite file", onFile)
agentRepoContract("sqlite file", onFile)
commentRepoContract("sqlite file", onFile)
voteRepoContract("sqlite file", onFile)
runRepoContract("sqlite file", onFile)
followRepoContract("sqlite file", onFile)
notificationRepoContract("sqlite file", onFile)
searchRepoContract("sqlite file", onFile)
