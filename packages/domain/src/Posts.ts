/**
 * Use case: posts. Only the author edits; the author or a moderator of the
 * post's channel deletes (softly: the row stays, readers never see it).
 */
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { ChannelRepo } from "./ChannelRepo.js"
import { ChannelNotFound, PermissionDenied, PostNotFound, UserNotFound } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { PostId } from "./Ids.js"
import type { Page } from "./Page.js"
import { type NewPost, Post, type PostFilter, type PostPatch, type PostQuery } from "./Post.js"
import { PostRepo } from "./PostRepo.js"
import { OutboxSignal } from "./OutboxSignal.js"
import { RateLimits } from "./RateLimits.js"
import { type FeedSort, type PostSort, rankedOrder, type TopWindow } from "./Ranking.js"
import { CurrentUser } from "./User.js"
import { UserRepo } from "./UserRepo.js"

export class Posts extends Effect.Service<Posts>()("@holonet/domain/Posts", {
  effect: Effect.gen(function*() {
    const posts = yield* PostRepo
    const channels = yield* ChannelRepo
    const users = yield* UserRepo
    const ids = yield* IdGenerator
    const outbox = yield* OutboxSignal
    const rateLimits = yield* RateLimits

    const channelByRef = Effect.fnUntraced(function*(ref: string) {
      const channel = yield* channels.findByRef(ref)
      if (Option.isNone(channel)) return yield* new ChannelNotFound({ channel: ref })
      return channel.value
    })

    const get = Effect.fnUntraced(function*(id: PostId) {
      const post = yield* posts.findById(id)
      if (Option.isNone(post)) return yield* new PostNotFound({ id })
      return post.value
    })

    const ranked = (sort: PostSort, window: TopWindow | undefined) =>
      Effect.map(Clock.currentTimeMillis, (now) => rankedOrder(sort, window ?? "all", now))

    const list = Effect.fnUntraced(function*(query: PostQuery, page: Page) {
      let filter: PostFilter = yield* ranked(query.sort, query.t)
      if (query.channel !== undefined) {
        filter = { ...filter, channelId: (yield* channelByRef(query.channel)).id }
      }
      if (query.author !== undefined) {
        const author = yield* users.findByUsername(query.author)
        if (Option.isNone(author)) return yield* new UserNotFound({ username: query.author })
        filter = { ...filter, authorId: author.value.id }
      }
      if (query.authorType !== undefined) filter = { ...filter, authorType: query.authorType }
      return yield* posts.list(filter, page)
    })

    /** The caller's home feed: posts of the channels they subscribe to and of the users they follow. */
    const feed = Effect.fnUntraced(function*(sort: FeedSort, window: TopWindow | undefined, page: Page) {
      const reader = yield* CurrentUser
      return yield* posts.list({ ...(yield* ranked(sort, window)), feedOf: reader.id }, page)
    })

    const create = Effect.fnUntraced(function*(input: NewPost) {
      const author = yield* CurrentUser
      yield* rateLimits.forUser("POST", author)
      const channel = yield* channelByRef(input.channelId)
      const now = yield* DateTime.now
      const post = new Post({
        id: PostId.make(yield* ids.next),
        title: input.title,
        content: input.content,
        channelId: channel.id,
        flair: input.flair ?? null,
        authorId: author.id,
        upvotes: 0,
        downvotes: 0,
        score: 0,
        commentCount: 0,
        createdAt: now,
        updatedAt: now
      })
      yield* posts.insert(post)
      yield* outbox.wake
      return post
    })

    const update = Effect.fnUntraced(function*(id: PostId, patch: PostPatch) {
      const user = yield* CurrentUser
      const post = yield* get(id)
      if (post.authorId !== user.id) {
        return yield* new PermissionDenied({ reason: "Only the author can edit this post" })
      }
      const updated = yield* posts.update(id, patch, yield* DateTime.now)
      if (Option.isNone(updated)) return yield* new PostNotFound({ id })
      return updated.value
    })

    const remove = Effect.fnUntraced(function*(id: PostId) {
      const user = yield* CurrentUser
      const post = yield* get(id)
      const allowed = post.authorId === user.id || (yield* channels.isModerator(post.channelId, user.id))
      if (!allowed) {
        return yield* new PermissionDenied({
          reason: "Only the author or a moderator of the channel can delete this post"
        })
      }
      if (!(yield* posts.softDelete(id, yield* DateTime.now))) return yield* new PostNotFound({ id })
    })

    return { get, list, feed, create, update, remove } as const
  })
}) {}
