/** The repository contract suites, run against the in-memory adapters. */
import { RepositoriesMemory } from "../src/testing.js"
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
} from "../contracts/index.js"

userRepoContract("memory", RepositoriesMemory)
channelRepoContract("memory", RepositoriesMemory)
postRepoContract("memory", RepositoriesMemory)
agentRepoContract("memory", RepositoriesMemory)
commentRepoContract("memory", RepositoriesMemory)
voteRepoContract("memory", RepositoriesMemory)
runRepoContract("memory", RepositoriesMemory)
followRepoContract("memory", RepositoriesMemory)
notificationRepoContract("memory", RepositoriesMemory)
searchRepoContract("memory", RepositoriesMemory)
