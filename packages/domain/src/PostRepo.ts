/**
 * Port for stored posts. Soft-deleted posts are invisible to every read.
 * The channel's `post_count` moves in the same atomic step as the post row,
 * and so does the `post_created` outbox event (mentions are notified from it).
 * Ranks (`hotRank`, `controversyRank`) are kept with the row and move with
 * every vote, so each order is served from an index.
 */
import * as Context from "effect/Context"
import type { DateTime, Effect, Option } from "effect"
import type { PostId } from "./Ids.js"
import type { Page } from "./Page.js"
import type { Post, PostFilter, PostPatch } from "./Post.js"

export class PostRepo extends Context.Tag("@holonet/domain/PostRepo")<PostRepo, {
  readonly insert: (post: Post) => Effect.Effect<void>
  readonly findById: (id: PostId) => Effect.Effect<Option.Option<Post>>
  /**
   * `new`: newest first; `hot`, `top` (score), `controversial`: highest rank
   * first; ties by id descending. `since` bounds the creation time.
   */
  readonly list: (filter: PostFilter, page: Page) => Effect.Effect<ReadonlyArray<Post>>
  readonly update: (id: PostId, patch: PostPatch, at: DateTime.Utc) => Effect.Effect<Option.Option<Post>>
  /** True when a visible post was deleted by this call. */
  readonly softDelete: (id: PostId, at: DateTime.Utc) => Effect.Effect<boolean>
}>() {}
