/**
 * The repository contract suites from the domain, run against the SQL
 * repositories on PostgreSQL, on a database of its own per test (see
 * TempDatabasePg.ts).
 */
import {
  agentRepoContract,
  channelRepoContract,
  commentRepoContract,
  followRepoContract,
  notificationRepoContract,
  postRepoContract,
  runRepoContract,
  searchRepoContract,
  userRepoContract,
  voteRepoContract
} from "@holonet/domain/contracts"
import { Layer } from "effect"
import { RepositoriesSql } from "../src/index.js"
import { layerPgTempDatabase } from "./TempDatabasePg.js"

const onPg = RepositoriesSql.layer.pipe(Layer.provide(layerPgTempDatabase))

userRepoContract("postgres", onPg)
channelRepoContract("postgres", onPg)
postRepoContract("postgres", onPg)
agentRepoContract("postgres", onPg)
commentRepoContract("postgres", onPg)
voteRepoContract("postgres", onPg)
runRepoContract("postgres", onPg)
followRepoContract("postgres", onPg)
notificationRepoContract("postgres", onPg)
searchRepoContract("postgres", onPg)
