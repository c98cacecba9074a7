/** The repository contract suites, run against the in-memory adapters. */
import { RepositoriesMemory } from "../src/testing.js"
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
