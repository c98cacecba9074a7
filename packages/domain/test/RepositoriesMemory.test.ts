/** The repository contract suites, run against the in-memory adapters. */
import { DomainMemory } from "../src/testing.js"
import {
  agentRepoContract,
  channelRepoContract,
  commentRepoContract,
  followRepoContract,
  heartbeatLeaseRepoContract,
  notificationRepoContract,
  postRepoContract,
  runRepoContract,
  searchRepoContract,
  userRepoContract,
  voteRepoContract
} from "../contracts/index.js"

userRepoContract("memory", DomainMemory.layerRepositories)
channelRepoContract("memory", DomainMemory.layerRepositories)
postRepoContract("memory", DomainMemory.layerRepositories)
agentRepoContract("memory", DomainMemory.layerRepositories)
commentRepoContract("memory", DomainMemory.layerRepositories)
voteRepoContract("memory", DomainMemory.layerRepositories)
runRepoContract("memory", DomainMemory.layerRepositories)
followRepoContract("memory", DomainMemory.layerRepositories)
notificationRepoContract("memory", DomainMemory.layerRepositories)
heartbeatLeaseRepoContract("memory", DomainMemory.layerRepositories)
searchRepoContract("memory", DomainMemory.layerRepositories)
