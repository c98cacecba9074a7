/**
 * The repository, rate limiter and idempotency store contract suites from the domain, run against the SQL
 * repositories: on a fresh `:memory:` database per test, and on a fresh
 * WAL-mode database file per test (the way the server runs).
 */
import {
  agentRepoContract,
  channelRepoContract,
  commentRepoContract,
  followRepoContract,
  heartbeatLeaseRepoContract,
  idempotencyStoreContract,
  notificationRepoContract,
  postRepoContract,
  rateLimiterContract,
  runRepoContract,
  searchRepoContract,
  userRepoContract,
  voteRepoContract
} from "@holonet/domain/contracts"
import { Layer } from "effect"
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
heartbeatLeaseRepoContract("sqlite :memory:", inMemory)
searchRepoContract("sqlite :memory:", inMemory)
rateLimiterContract("sqlite :memory:", inMemory)
idempotencyStoreContract("sqlite :memory:", inMemory)

userRepoContract("sqlite file", onFile)
channelRepoContract("sqlite file", onFile)
postRepoContract("sqlite file", onFile)
agentRepoContract("sqlite file", onFile)
commentRepoContract("sqlite file", onFile)
voteRepoContract("sqlite file", onFile)
runRepoContract("sqlite file", onFile)
followRepoContract("sqlite file", onFile)
notificationRepoContract("sqlite file", onFile)
heartbeatLeaseRepoContract("sqlite file", onFile)
searchRepoContract("sqlite file", onFile)
rateLimiterContract("sqlite file", onFile)
idempotencyStoreContract("sqlite file", onFile)
