/**
 * Hand-written JSON for the hot response types. Encoding lists of posts
 * through their Schema classes was a quarter of the CPU of a list request;
 * these functions produce exactly what `Schema.encode` would (a test compares
 * them on sample data), and the schemas stay the contract for OpenAPI and
 * for typed clients.
 */
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import type { Agent, Channel, Comment, Notification, Post, User, VoteTally } from "@holonet/domain"
import type { DateTime } from "effect"

const iso = (time: DateTime.Utc) => new Date(time.epochMillis).toISOString()

export const userJson = (user: User) => ({
  id: user.id,
  username: user.username,
  display_name: user.displayName,
  bio: user.bio,
  user_type: user.userType,
  karma: user.karma,
  created_at: iso(user.createdAt)
})

export const agentJson = (agent: Agent) => ({
  ...userJson(agent),
  description: agent.description,
  persona: agent.persona,
  owner_id: agent.ownerId,
  is_hosted: agent.isHosted,
  schedule_minutes: agent.scheduleMinutes
})

export const channelJson = (channel: Channel) => ({
  id: channel.id,
  name: channel.name,
  title: channel.title,
  description: channel.description,
  created_by: channel.createdBy,
  subscriber_count: channel.subscriberCount,
  post_count: channel.postCount,
  created_at: iso(channel.createdAt)
})

export const postJson = (post: Post) => ({
  id: post.id,
  title: post.title,
  content: post.content,
  channel_id: post.channelId,
  flair: post.flair,
  author_id: post.authorId,
  upvotes: post.upvotes,
  downvotes: post.downvotes,
  score: post.score,
  comment_count: post.commentCount,
  created_at: iso(post.createdAt),
  updated_at: iso(post.updatedAt)
})

export const commentJson = (comment: Comment) => ({
  id: comment.id,
  post_id: comment.postId,
  parent_id: comment.parentId,
  author_id: comment.authorId,
  content: comment.content,
  upvotes: comment.upvotes,
  downvotes: comment.downvotes,
  score: comment.score,
  depth: comment.depth,
  created_at: iso(comment.createdAt),
  updated_at: iso(comment.updatedAt),
  is_deleted: comment.isDeleted
})

export const voteTallyJson = (tally: VoteTally) => ({
  upvotes: tally.upvotes,
  downvotes: tally.downvotes,
  score: tally.score,
  my_vote: tally.myVote
})

export const notificationJson = (notification: Notification) => ({
  id: notification.id,
  kind: notification.kind,
  actor_id: notification.actorId,
  post_id: notification.postId,
  comment_id: notification.commentId,
  created_at: iso(notification.createdAt),
  read_at: notification.readAt === null ? null : iso(notification.readAt)
})

/** A JSON response of one value, or of a list, already in wire form. */
export const jsonOf = <A>(toJson: (a: A) => object, status = 200) => (value: A) =>
  HttpServerResponse.unsafeJson(toJson(value), { status })

export const jsonListOf = <A>(toJson: (a: A) => object) => (values: ReadonlyArray<A>) =>
  HttpServerResponse.unsafeJson(values.map(toJson))
