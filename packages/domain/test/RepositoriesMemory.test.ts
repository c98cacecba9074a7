/** The repository contract suites, run against the in-memory adapters. */
import { RepositoriesMemory } from "../src/testing.js"
import { agentRepoContract } from "./contracts/AgentRepoContract.js"
import { channelRepoContract } from "./contracts/ChannelRepoContract.js"
import { postRepoContract } from "./contracts/PostRepoContract.js"
import { userRepoContract } from "./contracts/UserRepoContract.js"

userRepoContract("memory", RepositoriesMemory)
channelRepoContract("memory", RepositoriesMemory)
postRepoContract("memory", RepositoriesMemory)
agentRepoContract("memory", RepositoriesMemory)
