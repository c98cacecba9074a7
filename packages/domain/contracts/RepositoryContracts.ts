/**
 * Every repository contract suite at once, for an adapter that brings all the
 * repositories (a whole store): a new suite added here runs on every store.
 */
import { agentRepoContract } from "./AgentRepoContract.js"
import { channelRepoContract } from "./ChannelRepoContract.js"
import { commentRepoContract } from "./CommentRepoContract.js"
import type { RepositoriesLayer } from "./Fixtures.js"
import { followRepoContract } from "./FollowRepoContract.js"
import { heartbeatLeaseRepoContract } from "./HeartbeatLeaseRepoContract.js"
import { notificationRepoContract } from "./NotificationRepoContract.js"
import { postRepoContract } from "./PostRepoContract.js"
import { runRepoContract } from "./RunRepoContract.js"
import { searchRepoContract } from "./SearchRepoContract.js"
import { userRepoContract } from "./UserRepoContract.js"
import { voteRepoContract } from "./VoteRepoContract.js"
import { webhookRepoContract } from "./WebhookRepoContract.js"

export const repositoryContracts = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  userRepoContract(name, layer)
  channelRepoContract(name, layer)
  postRepoContract(name, layer)
  agentRepoContract(name, layer)
  commentRepoContract(name, layer)
  voteRepoContract(name, layer)
  runRepoContract(name, layer)
  followRepoContract(name, layer)
  notificationRepoContract(name, layer)
  heartbeatLeaseRepoContract(name, layer)
  searchRepoContract(name, layer)
  webhookRepoContract(name, layer)
}
