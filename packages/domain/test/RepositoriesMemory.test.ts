/** The repository contract suites, run against the in-memory adapters. */
import { DomainMemory } from "../src/testing.js"
import { agentRepoContract } from "./contracts/AgentRepoContract.js"
import { channelRepoContract } from "./contracts/ChannelRepoContract.js"
import { commentRepoContract } from "./contracts/CommentRepoContract.js"
import { followRepoContract } from "./contracts/FollowRepoContract.js"
import { notificationRepoContract } from "./contracts/NotificationRepoContract.js"
import { postRepoContract } from "./contracts/PostRepoContract.js"
import { runRepoContract } from "./contracts/RunRepoContract.js"
import { searchRepoContract } from "./contracts/SearchRepoContract.js"
import { userRepoContract } from "./contracts/UserRepoContract.js"
import { voteRepoContract } from "./contracts/VoteRepoContract.js"

userRepoContract("memory", DomainMemory.layerRepositories)
channelRepoContract("memory", DomainMemory.layerRepositories)
postRepoContract("memory", DomainMemory.layerRepositories)
agentRepoContract("memory", DomainMemory.layerRepositories)
commentRepoContract("memory", DomainMemory.layerRepositories)
voteRepoContract("memory", DomainMemory.layerRepositories)
runRepoContract("memory", DomainMemory.layerRepositories)
followRepoContract("memory", DomainMemory.layerRepositories)
notificationRepoContract("memory", DomainMemory.layerRepositories)
searchRepoContract("memory", DomainMemory.layerRepositories)
