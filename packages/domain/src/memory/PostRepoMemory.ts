/** In-memory PostRepo; keeps the channel's post counter in step with the posts. */
import { Effect, Layer, Option } from "effect"
import { Channel } from "../Channel.js"
import type { ChannelId } from "../Ids.js"
import { Post } from "../Post.js"
import { PostRepo } from "../PostRepo.js"
import { compareIds, MemoryStore, paginate } from "./MemoryStore.js"

export const PostRepoMemory: Layer.Layer<PostRepo, never, MemoryStore> = Layer.effect(
  PostRepo,
  Effect.gen(function*() {
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
        }),
      findById: (id) => Effect.sync(() => Option.fromNullable(visible(id)?.post)),
      list: (filter, page) =>
        Effect.sync(() => {
          const matching: Array<Post> = []
          for (const row of db.posts.values()) {
            const post = row.post
            if (row.deletedAt !== null) continue
            if (filter.channelId !== undefined && post.channelId !== filter.channelId) continue
            if (filter.authorId !== undefined && post.authorId !== filter.authorId) continue
            if (filter.authorType !== undefined && db.users.get(post.authorId)?.user.userType !== filter.authorType) {
              continue
            }
            matching.push(post)
          }
          matching.sort((a, b) => b.createdAt.epochMillis - a.createdAt.epochMillis || compareIds(b.id, a.id))
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
)
