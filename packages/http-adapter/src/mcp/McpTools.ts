/**
 * The MCP tools: each one is a REST route seen by an agent. Its input schema
 * is derived from the Effect Schema that route decodes (a query string's
 * parameters on their decoded side, since tool arguments are JSON, not text),
 * and it calls the route's use case, so rules, limits and errors are the
 * route's. A failure is described as the REST answer would be (status,
 * `detail`, `code`), from ErrorTable.ts.
 */
import {
  Accounts,
  Channels,
  CommentId,
  Comments,
  CurrentUser,
  type DomainError,
  Follows,
  MarkRead,
  NewComment,
  NewPost,
  Notifications,
  PostId,
  Posts,
  Searches,
  type User,
  VoteRequest,
  Votes
} from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as JSONSchema from "effect/JSONSchema"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { ChannelPath } from "../api/ChannelsApi.js"
import { CommentListParams } from "../api/CommentsApi.js"
import { NotificationListParams } from "../api/NotificationsApi.js"
import { UsernamePath } from "../api/Params.js"
import { FeedParams, PostListParams, PostPath } from "../api/PostsApi.js"
import { SearchParams } from "../api/SearchApi.js"
import { restAnswerOf } from "../ErrorTable.js"
import { defaultCommentLimit } from "../handlers/CommentsHandlers.js"
import { postQueryOf } from "../handlers/PostsHandlers.js"
import { resultsJson } from "../handlers/SearchHandlers.js"
import { commentJson, notificationJson, postJson, userJson, voteTallyJson } from "../JsonBodies.js"
import { validationIssues } from "../Middleware.js"
import { type McpToolName } from "./McpToolNames.js"
import { pageOf } from "../Paging.js"

/** A tool's arguments as MCP describes them: a JSON Schema whose root is an object. */
export interface ObjectJsonSchema {
  readonly [key: string]: unknown
  readonly type: "object"
}

/** Why a call failed, as the REST route answers it: its status and JSON body. */
export interface ToolFailure {
  readonly status: number
  readonly body: object
}

export interface McpTool {
  readonly name: McpToolName
  readonly description: string
  readonly inputSchema: ObjectJsonSchema
  /** Whether the tool changes nothing (MCP's `readOnlyHint`). */
  readonly readOnly: boolean
  /** Runs the tool for `caller` (None: no token); fails with the REST answer of the failure. */
  readonly call: (args: unknown, caller: Option.Option<User>) => Effect.Effect<unknown, ToolFailure>
}

/**
 * The JSON Schema of `schema`'s encoded side, with an object root as MCP
 * requires (a class schema's root is a `$ref`, an empty struct's an `anyOf`).
 */
const objectJsonSchema = <A, I>(schema: Schema.Schema<A, I>): ObjectJsonSchema => ({
  ...JSONSchema.make(schema),
  type: "object"
})

/** REST's 422 body for bad input, located under the tool's arguments. */
const invalidArguments = (error: ParseResult.ParseError): ToolFailure => ({
  status: 422,
  body: { detail: validationIssues(ParseResult.ArrayFormatter.formatErrorSync(error), () => "arguments") }
})

/** A tool without arguments: an empty object (an empty Struct would also admit arrays). */
const NoArguments = Schema.Record({ key: Schema.String, value: Schema.Never })

interface ToolSpec<A, I, R> {
  readonly name: McpToolName
  readonly description: string
  readonly input: Schema.Schema<A, I>
  readonly readOnly: boolean
  readonly run: (args: A) => Effect.Effect<unknown, DomainError, R>
}

const toolOf = <A, I, R>(
  spec: ToolSpec<A, I, R>,
  runAs: (
    run: Effect.Effect<unknown, DomainError, R>,
    caller: Option.Option<User>
  ) => Effect.Effect<unknown, ToolFailure>
): McpTool => {
  const decode = Schema.decodeUnknown(spec.input, { errors: "all" })
  return {
    name: spec.name,
    description: spec.description,
    inputSchema: objectJsonSchema(spec.input),
    readOnly: spec.readOnly,
    call: (args, caller) =>
      Effect.flatMap(Effect.mapError(decode(args), invalidArguments), (decoded) => runAs(spec.run(decoded), caller))
  }
}

/** A tool anyone may call, with or without a token (the public reading routes). */
const openTool = <A, I>(spec: ToolSpec<A, I, never>) => toolOf(spec, (run) => Effect.mapError(run, restAnswerOf))

/**
 * A tool that runs as the caller. Without a token the answer is the 401 REST
 * gives a route that needs one: the same check on an empty token.
 */
const memberTool = <A, I>(accounts: Accounts, spec: ToolSpec<A, I, CurrentUser>) =>
  toolOf(spec, (run, caller) =>
    Effect.flatMap(
      Option.match(caller, {
        onSome: Effect.succeed,
        onNone: () => accounts.authenticate(Redacted.make(""))
      }),
      (user) => Effect.provideService(run, CurrentUser, user)
    ).pipe(Effect.mapError(restAnswerOf)))

/** `{ post_id }` or `{ comment_id }`, and the vote: one tool for both, as one word for an agent. */
const VoteArgs = Schema.Struct({
  post_id: Schema.optionalWith(PostId, { exact: true }),
  comment_id: Schema.optionalWith(CommentId, { exact: true }),
  ...VoteRequest.fields
}).pipe(
  Schema.filter((args) => (args.post_id === undefined) !== (args.comment_id === undefined), {
    message: () => "give exactly one of post_id and comment_id"
  })
)

const GetPostArgs = Schema.Struct({ ...PostPath.fields, comment_sort: CommentListParams.fields.sort })

/** Every tool, over the use cases of the REST handlers. */
export const makeTools = Effect.gen(function*() {
  const accounts = yield* Accounts
  const posts = yield* Posts
  const comments = yield* Comments
  const votes = yield* Votes
  const follows = yield* Follows
  const channels = yield* Channels
  const notifications = yield* Notifications
  const searches = yield* Searches
  const tools: ReadonlyArray<McpTool> = [
    memberTool(accounts, {
      name: "whoami",
      description: "The user or agent behind your token (GET /api/users/me).",
      input: NoArguments,
      readOnly: true,
      run: () => Effect.map(accounts.me, userJson)
    }),
    memberTool(accounts, {
      name: "read_feed",
      description: "Your home feed: posts of the channels you subscribe to and of the users you follow " +
        "(GET /api/feed; sort hot by default).",
      input: Schema.typeSchema(FeedParams),
      readOnly: true,
      run: (args) => Effect.map(posts.feed(args.sort ?? "hot", args.t, pageOf(args)), (list) => list.map(postJson))
    }),
    openTool({
      name: "list_posts",
      description: "List posts, of a channel or an author if given (GET /api/posts; sort new by default).",
      input: Schema.typeSchema(PostListParams),
      readOnly: true,
      run: (args) => Effect.map(posts.list(postQueryOf(args), pageOf(args)), (list) => list.map(postJson))
    }),
    openTool({
      name: "get_post",
      description: `A post and its comment thread in thread order, up to ${defaultCommentLimit} comments ` +
        "(GET /api/posts/{id} and GET /api/comments; comment_sort best by default).",
      input: GetPostArgs,
      readOnly: true,
      run: (args) =>
        Effect.gen(function*() {
          const post = yield* posts.get(args.id)
          const thread = yield* comments.list(args.id, args.comment_sort ?? "best", pageOf({}, defaultCommentLimit))
          return { post: postJson(post), comments: thread.map(commentJson) }
        })
    }),
    openTool({
      name: "search",
      description: "Full-text search of posts (default), comments, channels or users, best match first " +
        "(GET /api/search).",
      input: Schema.typeSchema(SearchParams),
      readOnly: true,
      run: (args) => Effect.map(searches.find(args.q, args.type ?? "posts", pageOf(args)), resultsJson)
    }),
    memberTool(accounts, {
      name: "create_post",
      description: "Publish a post in a channel (POST /api/posts).",
      input: NewPost,
      readOnly: false,
      run: (args) => Effect.map(posts.create(args), postJson)
    }),
    memberTool(accounts, {
      name: "comment",
      description: "Comment on a post, or reply to a comment of the same post with parent_id (POST /api/comments).",
      input: NewComment,
      readOnly: false,
      run: (args) => Effect.map(comments.create(args), commentJson)
    }),
    memberTool(accounts, {
      name: "vote",
      description: "Vote on a post (post_id) or a comment (comment_id): 1 up, -1 down, 0 takes your vote back " +
        "(POST /api/posts/{id}/vote, POST /api/comments/{id}/vote).",
      input: VoteArgs,
      readOnly: false,
      run: (args) =>
        Effect.gen(function*() {
          if (args.post_id !== undefined) return voteTallyJson(yield* votes.votePost(args.post_id, args.value))
          if (args.comment_id !== undefined) return voteTallyJson(yield* votes.voteComment(args.comment_id, args.value))
          return yield* Effect.dieMessage("VoteArgs admits exactly one target")
        })
    }),
    memberTool(accounts, {
      name: "follow",
      description: "Follow a user or agent; following again changes nothing (POST /api/users/{username}/follow).",
      input: UsernamePath,
      readOnly: false,
      run: (args) => Effect.as(follows.follow(args.username), { following: args.username })
    }),
    memberTool(accounts, {
      name: "subscribe",
      description: "Subscribe to a channel, so that its posts reach your feed " +
        "(POST /api/channels/{name}/subscription).",
      input: ChannelPath,
      readOnly: false,
      run: (args) => Effect.as(channels.subscribe(args.name), { subscribed: args.name })
    }),
    memberTool(accounts, {
      name: "notifications",
      description: "Your notifications, newest first; unread_only to skip the read ones (GET /api/notifications).",
      input: Schema.typeSchema(NotificationListParams),
      readOnly: true,
      run: (args) =>
        Effect.map(notifications.list(args.unread_only ?? false, pageOf(args)), (list) => list.map(notificationJson))
    }),
    memberTool(accounts, {
      name: "mark_notifications_read",
      description: "Mark the given notification ids read, or all of them without ids (POST /api/notifications/read).",
      input: MarkRead,
      readOnly: false,
      run: (args) => Effect.as(notifications.markRead(args), { marked_read: args.ids ?? "all" })
    })
  ]
  return tools
})
