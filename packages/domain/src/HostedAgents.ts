/**
 * Use case: hosted agents. The platform writes posts and replies for an agent
 * and lets it act on its own (one heartbeat: read the feed, the reasoning tier
 * picks one action of the closed set `post | reply | vote | none`, the chat
 * tier writes any text). Only the agent's owner may drive it, and only when it
 * is hosted.
 *
 * Safety rules, all enforced whatever the model answers:
 * - network content reaches a prompt only inside data sections it cannot
 *   forge, under a rule that such data is never instructions (`HostedPrompts.ts`);
 * - the chosen action is checked against what exists and what the agent may
 *   touch; anything else becomes `none` with a reason (`HostedActions.ts`);
 * - generated text is decoded with the schemas of user input and passes a
 *   moderation check on the fast tier before anything is stored (here);
 * - every model call is recorded as a Run, failures and refusals included
 *   (`RunRecorder.ts`).
 */
import { RateLimits } from "./RateLimits.js"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { type Agent, agentAsUser } from "./Agent.js"
import { AgentRepo } from "./AgentRepo.js"
import { AiBadOutput } from "./AiErrors.js"
import { type Channel, ChannelRef } from "./Channel.js"
import { ChannelRepo } from "./ChannelRepo.js"
import { NewComment } from "./Comment.js"
import { Comments } from "./Comments.js"
import { AgentNotFound, ChannelNotFound, ContentRefused, PermissionDenied } from "./Errors.js"
import { optionalRenamed, renamed, storableText } from "./Fields.js"
import * as HostedActions from "./HostedActions.js"
import { type ActOutcome, AgentAction, type HostedVote, type ReplyTarget } from "./HostedActions.js"
import {
  actionChoicePrompt,
  moderationPrompt,
  ModerationVerdict,
  PostDraft,
  postWritingPrompt,
  replyWritingPrompt
} from "./HostedPrompts.js"
import { CommentId, PostId } from "./Ids.js"
import { excerpt, LanguageModel } from "./LanguageModel.js"
import type { Page } from "./Page.js"
import { NewPost } from "./Post.js"
import { Posts } from "./Posts.js"
import { RunRepo } from "./Run.js"
import * as RunRecorder from "./RunRecorder.js"
import { CurrentUser } from "./User.js"
import { Votes } from "./Votes.js"

/** Input of `POST /api/agents/{username}/posts`: a channel (id or name) and an optional topic. */
export const HostedPostRequest = Schema.Struct({
  channel: ChannelRef,
  topic: Schema.optionalWith(Schema.Trim.pipe(Schema.minLength(1), Schema.maxLength(500), storableText), {
    exact: true
  })
})
export type HostedPostRequest = typeof HostedPostRequest.Type

/** Input of `POST /api/agents/{username}/replies`: the post, and the comment replied to if any. */
export const HostedReplyRequest = Schema.Struct({
  postId: renamed(PostId, "post_id"),
  parentId: optionalRenamed(Schema.NullOr(CommentId), "parent_id")
})
export type HostedReplyRequest = typeof HostedReplyRequest.Type

const ownerOnly = new PermissionDenied({ reason: "Only the agent's owner can do this" })
const notHosted = new PermissionDenied({ reason: "Agent is not hosted" })

const invalidOutput = (what: string) => (error: { readonly message: string }) =>
  new AiBadOutput({ reason: excerpt(`generated ${what} is invalid: ${error.message}`, 200) })

export class HostedAgents extends Effect.Service<HostedAgents>()("@holonet/domain/HostedAgents", {
  effect: Effect.gen(function*() {
    const model = yield* LanguageModel
    const runs = yield* RunRepo
    const agents = yield* AgentRepo
    const channels = yield* ChannelRepo
    const posts = yield* Posts
    const comments = yield* Comments
    const votes = yield* Votes
    const recorder = yield* RunRecorder.make
    const actions = yield* HostedActions.make
    const rateLimits = yield* RateLimits

    /** The named agent, if the caller owns it. */
    const owned = Effect.fn("HostedAgents.owned")(function*(username: string) {
      const caller = yield* CurrentUser
      const agent = yield* agents.findByUsername(username)
      if (Option.isNone(agent)) return yield* new AgentNotFound({ username })
      if (agent.value.ownerId === null || agent.value.ownerId !== caller.id) return yield* ownerOnly
      return agent.value
    })

    /**
     * The named agent, if the caller owns it and the platform hosts it. Each
     * call spends one of the owner's AI quota: it leads to model calls. What
     * the agent then writes counts against the agent's own POST or COMMENT.
     */
    const hosted = Effect.fn("HostedAgents.hosted")(function*(username: string) {
      const agent = yield* owned(username)
      if (!agent.isHosted) return yield* notHosted
      yield* rateLimits.forCaller("AI")
      return agent
    })

    const asAgent = (agent: Agent) => Effect.provideService(CurrentUser, agentAsUser(agent))

    /** The fast tier's verdict on a draft; refused drafts fail with ContentRefused. */
    const moderate = (agent: Agent, draft: string) =>
      recorder.observe(
        agent,
        "moderation",
        "fast",
        model.generateObject({
          tier: "fast",
          ...moderationPrompt(agent, draft),
          schema: ModerationVerdict,
          schemaName: "ModerationVerdict"
        }),
        ({ value }) =>
          value.allowed
            ? Effect.void
            : Effect.fail(new ContentRefused({ reason: excerpt(value.reason.trim() || "refused by moderation", 300) }))
      )

    /** Writes, validates, moderates and stores one post by the agent. */
    const composePost = Effect.fn("HostedAgents.composePost")(
      function*(agent: Agent, channel: Channel, topic: string | undefined) {
        const draft = yield* recorder.observe(
          agent,
          "post",
          "chat",
          model.generateObject({
            tier: "chat",
            ...postWritingPrompt(agent, channel, topic),
            schema: PostDraft,
            schemaName: "PostDraft"
          }),
          ({ value }) =>
            Schema.decodeUnknown(NewPost)({ title: value.title, content: value.content, channel_id: channel.id }).pipe(
              Effect.mapError(invalidOutput("post"))
            )
        )
        yield* moderate(agent, `${draft.title}\n\n${draft.content}`)
        return yield* posts.create(draft).pipe(asAgent(agent))
      }
    )

    /** Writes, validates, moderates and stores one reply by the agent. */
    const composeReply = Effect.fn("HostedAgents.composeReply")(function*(agent: Agent, target: ReplyTarget) {
      const input = yield* recorder.observe(
        agent,
        "reply",
        "chat",
        model.complete({ tier: "chat", ...replyWritingPrompt(agent, target.post, target.parent) }),
        (completion) =>
          Schema.decodeUnknown(NewComment)({
            post_id: target.post.id,
            content: completion.text.trim(),
            ...Option.match(target.parent, { onNone: () => ({}), onSome: (parent) => ({ parent_id: parent.id }) })
          }).pipe(Effect.mapError(invalidOutput("reply")))
      )
      yield* moderate(agent, input.content)
      return yield* comments.create(input).pipe(asAgent(agent))
    })

    const writePost = Effect.fn("HostedAgents.writePost")(function*(username: string, input: HostedPostRequest) {
      const agent = yield* hosted(username)
      const channel = yield* channels.findByRef(input.channel)
      if (Option.isNone(channel)) return yield* new ChannelNotFound({ channel: input.channel })
      return yield* composePost(agent, channel.value, input.topic)
    })

    const reply = Effect.fn("HostedAgents.reply")(function*(username: string, input: HostedReplyRequest) {
      const agent = yield* hosted(username)
      const target = yield* actions.replyTarget(input.postId, input.parentId)
      return yield* composeReply(agent, target)
    })

    /** One heartbeat: read the feed, let the reasoning tier choose, do what it chose if permitted. */
    const act = Effect.fn("HostedAgents.act")(function*(username: string) {
      const agent = yield* hosted(username)
      const feed = yield* actions.readFeed(agent)
      const choose = recorder.observe(
        agent,
        "act",
        "reasoning",
        model.generateObject({
          tier: "reasoning",
          ...actionChoicePrompt(agent, feed),
          schema: AgentAction,
          schemaName: "AgentAction"
        }),
        ({ value }) => Effect.succeed(value)
      )
      // Unusable output is asked for once more, then the heartbeat rests: `none` is always a valid choice.
      // A provider that is down still fails the heartbeat.
      const chosen = yield* choose.pipe(
        Effect.catchTag("AiBadOutput", () => choose),
        Effect.catchTag("AiBadOutput", (error): Effect.Effect<AgentAction> =>
          Effect.succeed({
            action: "none",
            reason: excerpt(`the model's choice could not be used: ${error.reason}`, 300)
          }))
      )
      const choice = yield* actions.resolveAction(agent, feed, chosen)
      switch (choice.action) {
        case "none":
          return { action: "none", reason: choice.reason } satisfies ActOutcome
        case "post": {
          const post = yield* composePost(agent, choice.channel, choice.topic)
          return { action: "post", reason: choice.reason, post } satisfies ActOutcome
        }
        case "reply": {
          const comment = yield* composeReply(agent, choice.target)
          return { action: "reply", reason: choice.reason, comment } satisfies ActOutcome
        }
        case "vote": {
          const vote: HostedVote = choice.target === "post"
            ? {
              target: "post",
              id: choice.id,
              value: choice.value,
              tally: yield* votes.votePost(choice.id, choice.value).pipe(asAgent(agent))
            }
            : {
              target: "comment",
              id: choice.id,
              value: choice.value,
              tally: yield* votes.voteComment(choice.id, choice.value).pipe(asAgent(agent))
            }
          return { action: "vote", reason: choice.reason, vote } satisfies ActOutcome
        }
      }
    })

    const listRuns = Effect.fn("HostedAgents.runs")(function*(username: string, page: Page) {
      const agent = yield* owned(username)
      return yield* runs.listByAgent(agent.id, page)
    })

    return { writePost, reply, act, runs: listRuns } as const
  })
}) {}
