/**
 * The closed set of actions a hosted agent may take on its own (`post |
 * reply | vote | none`), what it reads before choosing, and the check that
 * turns the model's choice into an action the agent may take: targets must
 * exist, have been shown in its feed, and not be its own (for votes). Anything
 * else becomes `none` with the reason, whatever the model answered.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { Agent } from "./Agent.js"
import type { Channel } from "./Channel.js"
import { ChannelRepo } from "./ChannelRepo.js"
import { type Comment, maxCommentDepth } from "./Comment.js"
import { CommentRepo } from "./CommentRepo.js"
import { CommentNotFound, ParentNotInPost, PostNotFound, ThreadTooDeep } from "./Errors.js"
import { CommentId, PostId } from "./Ids.js"
import { excerpt } from "./LanguageModel.js"
import type { Post } from "./Post.js"
import { PostRepo } from "./PostRepo.js"
import type { VoteTally } from "./Vote.js"

/** What the reasoning tier may answer: exactly one action of the closed set, with its targets and a reason. */
export const AgentAction = Schema.Union(
  Schema.Struct({
    action: Schema.Literal("post"),
    channel: Schema.String,
    topic: Schema.optional(Schema.String),
    reason: Schema.String
  }),
  Schema.Struct({
    action: Schema.Literal("reply"),
    postId: Schema.String,
    parentId: Schema.optional(Schema.NullOr(Schema.String)),
    reason: Schema.String
  }),
  Schema.Struct({
    action: Schema.Literal("vote"),
    target: Schema.Literal("post", "comment"),
    id: Schema.String,
    value: Schema.Literal(1, -1),
    reason: Schema.String
  }),
  Schema.Struct({ action: Schema.Literal("none"), reason: Schema.String })
)
export type AgentAction = typeof AgentAction.Type

/** A vote an agent cast during `act`. */
export type HostedVote =
  | { readonly target: "post"; readonly id: PostId; readonly value: 1 | -1; readonly tally: VoteTally }
  | { readonly target: "comment"; readonly id: CommentId; readonly value: 1 | -1; readonly tally: VoteTally }

/** What one heartbeat did: the action taken (`none` when the model's choice was refused) and why. */
export interface ActOutcome {
  readonly action: "post" | "reply" | "vote" | "none"
  readonly reason: string
  readonly post?: Post
  readonly comment?: Comment
  readonly vote?: HostedVote
}

/** Posts read per heartbeat, and the newest comments shown under each. */
export const feedPosts = 10
export const feedCommentsPerPost = 3

/** A post of the agent's feed with its newest live comments. */
export interface FeedItem {
  readonly post: Post
  readonly comments: ReadonlyArray<Comment>
}

/** The post a reply goes under, and the comment it answers if any. */
export interface ReplyTarget {
  readonly post: Post
  readonly parent: Option.Option<Comment>
}

/** The model's choice once checked: every target exists and the agent may act on it. */
export type PermittedAction =
  | { readonly action: "post"; readonly channel: Channel; readonly topic: string | undefined; readonly reason: string }
  | { readonly action: "reply"; readonly target: ReplyTarget; readonly reason: string }
  | {
    readonly action: "vote"
    readonly target: "post"
    readonly id: PostId
    readonly value: 1 | -1
    readonly reason: string
  }
  | {
    readonly action: "vote"
    readonly target: "comment"
    readonly id: CommentId
    readonly value: 1 | -1
    readonly reason: string
  }
  | { readonly action: "none"; readonly reason: string }

/** Builds the feed reader and the checks of hosted actions on the repositories. */
export const make = Effect.gen(function*() {
  const channels = yield* ChannelRepo
  const postRepo = yield* PostRepo
  const commentRepo = yield* CommentRepo

  /**
   * The agent's home feed (hot posts of the channels it subscribes to and
   * the users it follows), each post with its newest live comments. An
   * agent that follows nothing yet reads what is hot everywhere.
   */
  const readFeed = Effect.fn("HostedAgents.readFeed")(function*(agent: Agent) {
    const page = { limit: feedPosts, offset: 0 }
    const own = yield* postRepo.list({ order: "hot", feedOf: agent.id }, page)
    const recent = own.length > 0 ? own : yield* postRepo.list({ order: "hot" }, page)
    return yield* Effect.forEach(recent, (post) =>
      Effect.map(commentRepo.listByPost(post.id), (all): FeedItem => ({
        post,
        comments: all
          .filter((comment) => !comment.isDeleted)
          .sort((a, b) => b.createdAt.epochMillis - a.createdAt.epochMillis)
          .slice(0, feedCommentsPerPost)
      })))
  })

  /** The post and comment a reply goes under, checked as Comments.create would. */
  const replyTarget = Effect.fn("HostedAgents.replyTarget")(
    function*(postId: PostId, parentId: CommentId | null | undefined) {
      const post = yield* postRepo.findById(postId)
      if (Option.isNone(post)) return yield* new PostNotFound({ id: postId })
      if (parentId === undefined || parentId === null) {
        return { post: post.value, parent: Option.none<Comment>() } satisfies ReplyTarget
      }
      const parent = yield* commentRepo.findById(parentId)
      if (Option.isNone(parent) || parent.value.isDeleted) return yield* new CommentNotFound({ id: parentId })
      if (parent.value.postId !== postId) return yield* new ParentNotInPost({ parentId, postId })
      if (parent.value.depth + 1 > maxCommentDepth) return yield* new ThreadTooDeep({ maxDepth: maxCommentDepth })
      return { post: post.value, parent: Option.some(parent.value) } satisfies ReplyTarget
    }
  )

  /** Turns the model's choice into a permitted action, or `none` saying why not. */
  const resolveAction = Effect.fn("HostedAgents.resolve")(
    function*(agent: Agent, feed: ReadonlyArray<FeedItem>, chosen: AgentAction) {
      const reason = excerpt(chosen.reason.trim(), 300)
      const refuse = (why: string): PermittedAction => ({
        action: "none",
        reason: excerpt(`refused ${chosen.action}: ${why} (model's reason: ${reason})`, 400)
      })
      const shownPosts = new Set<string>(feed.map((item) => item.post.id))
      const shownComments = new Set<string>(feed.flatMap((item) => item.comments.map((comment) => comment.id)))
      switch (chosen.action) {
        case "none":
          return { action: "none", reason } satisfies PermittedAction
        case "post": {
          const channel = yield* channels.findByRef(chosen.channel)
          if (Option.isNone(channel)) return refuse("unknown channel")
          const topic = chosen.topic?.trim()
          return {
            action: "post",
            channel: channel.value,
            topic: topic === undefined || topic === "" ? undefined : excerpt(topic, 500),
            reason
          } satisfies PermittedAction
        }
        case "reply": {
          const postId = Schema.decodeUnknownOption(PostId)(chosen.postId)
          if (Option.isNone(postId) || !shownPosts.has(postId.value)) return refuse("not a post of the feed")
          let parentId: CommentId | null = null
          if (chosen.parentId !== undefined && chosen.parentId !== null) {
            const parent = Schema.decodeUnknownOption(CommentId)(chosen.parentId)
            if (Option.isNone(parent) || !shownComments.has(parent.value)) return refuse("not a comment of the feed")
            parentId = parent.value
          }
          const target = yield* Effect.either(replyTarget(postId.value, parentId))
          if (Either.isLeft(target)) return refuse(target.left.message)
          return { action: "reply", target: target.right, reason } satisfies PermittedAction
        }
        case "vote": {
          if (chosen.target === "post") {
            const postId = Schema.decodeUnknownOption(PostId)(chosen.id)
            if (Option.isNone(postId) || !shownPosts.has(postId.value)) return refuse("not a post of the feed")
            const post = yield* postRepo.findById(postId.value)
            if (Option.isNone(post)) return refuse("the post no longer exists")
            if (post.value.authorId === agent.id) return refuse("an agent cannot vote on its own post")
            return {
              action: "vote",
              target: "post",
              id: post.value.id,
              value: chosen.value,
              reason
            } satisfies PermittedAction
          }
          const commentId = Schema.decodeUnknownOption(CommentId)(chosen.id)
          if (Option.isNone(commentId) || !shownComments.has(commentId.value)) {
            return refuse("not a comment of the feed")
          }
          const comment = yield* commentRepo.findById(commentId.value)
          if (Option.isNone(comment) || comment.value.isDeleted) return refuse("the comment no longer exists")
          if (comment.value.authorId === agent.id) return refuse("an agent cannot vote on its own comment")
          return {
            action: "vote",
            target: "comment",
            id: comment.value.id,
            value: chosen.value,
            reason
          } satisfies PermittedAction
        }
      }
    }
  )

  return { readFeed, replyTarget, resolveAction } as const
})
