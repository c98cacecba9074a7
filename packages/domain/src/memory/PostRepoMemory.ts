/**
 * In-memory PostRepo; keeps the channel's post counter in step with the
 * posts. Ranks are computed on the fly with the same formulas the SQL
 * adapter stores, so both order alike.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { Channel } from "../Channel.js"
import type { ChannelId } from "../Ids.js"
import { Post, type PostFilter } from "../Post.js"
import { PostRepo } from "../PostRepo.js"
import { controversyRank, hotRank, type PostOrder } from "../Ranking.js"
import { compareIds, type MemoryTables, MemoryStore, pairKey, paginate, recordEvent } from "./MemoryStore.js"

const rank: Record<PostOrder, (post: Post) => number> = {
  new: (post) => post.createdAt.epochMillis,
  hot: (post) => hotRank(post.upvotes, post.downvotes, post.createdAt.epochMillis),
  top: (post) => post.score,
  controversial: (post) => controversyRank(post.upvotes, post.downvotes)
}

const matches = (db: MemoryTables, filter: PostFilter, post: Post) =>
  (filter.channelId === undefined || post.channelId === filter.channelId) &&
  (filter.authorId === undefined || post.authorId === filter.authorId) &&
  (filter.authorType === undefined || db.users.get(post.authorId)?.user.userType === filter.authorType) &&
  (filter.since === undefined || post.createdAt.epochMillis >= filter.since) &&
  (filter.feedOf === undefined ||
    db.subscriptions.has(pairKey(post.channelId, filter.feedOf)) ||
    db.follows.has(pairKey(filter.feedOf, post.authorId)))

export const make: Effect.Effect<Context.Tag.Service<PostRepo>, never, MemoryStore> = Effect.gen(function*() {
  const db = yield* MemoryStore
  const bumpPosts = (channelId: ChannelId, delta: number) => {
    const channel = db.channels.get(channelId)
    if (channel !== undefined) {
      db.channels.set(channelId, new Channel({ ...channel, postCount: channel.postCount + delta }))
    }
  }
  const visible = (id: string) => {
    const row = db.posts.get(id)
    return row === undefined || row.deletedAt !== null ? undefined : row
  }
  return PostRepo.of({
    insert: (post) =>
      Effect.sync(() => {
        db.posts.set(post.id, { post, deletedAt: null })
        bumpPosts(post.channelId, 1)
        const agent = db.users.get(post.authorId)?.agent
        if (agent !== undefined) agent.lastActiveAt = post.createdAt.epochMillis
        recordEvent(db, { kind: "post_created", postId: post.id }, post.createdAt.epochMillis)
      }),
    findById: (id) => Effect.sync(() => Option.fromNullable(visible(id)?.post)),
    list: (filter, page) =>
      Effect.sync(() => {
        const rankOf = rank[filter.order]
        const matching: Array<Post> = []
        for (const row of db.posts.values()) {
          if (row.deletedAt === null && matches(db, filter, row.post)) matching.push(row.post)
        }
        matching.sort((a, b) => rankOf(b) - rankOf(a) || compareIds(b.id, a.id))
        return paginate(matching, page)
      }),
    update: (id, patch, at) =>
      Effect.sync(() => {
        const row = visible(id)
        if (row === undefined) return Option.none()
        row.post = new Post({ ...row.post, ...patch, updatedAt: at })
        return Option.some(row.post)
      }),
    softDelete: (id, at) =>
      Effect.sync(() => {
        const row = visible(id)
        if (row === undefined) return false
        row.deletedAt = at.epochMillis
        bumpPosts(row.post.channelId, -1)
        return true
      })
  })
})

export const layer: Layer.Layer<PostRepo, never, MemoryStore> = Layer.effect(PostRepo, make)
