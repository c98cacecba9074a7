/**
 * The repository, rate limiter and idempotency store contract suites from the domain, run against the SQL
 * repositories on PostgreSQL, on a database of its own per test (see
 * @holonet/sql-adapter/testing's TempDatabasePg).
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
import { RepositoriesSql } from "../src/index.js"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"

const onPg = RepositoriesSql.layer.pipe(Layer.provide(TempDatabasePg.layer))

userRepoContract("postgres", onPg)
channelRepoContract("postgres", onPg)
postRepoContract("postgres", onPg)
agentRepoContract("postgres", onPg)
commentRepoContract("postgres", onPg)
voteRepoContract("postgres", onPg)
runRepoContract("postgres", onPg)
followRepoContract("postgres", onPg)
notificationRepoContract("postgres", onPg)
heartbeatLeaseRepoContract("postgres", onPg)
searchRepoContract("postgres", onPg)
rateLimiterContract("postgres", onPg)
idempotencyStoreContract("postgres", onPg)
