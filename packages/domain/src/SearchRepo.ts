/**
 * Port for full-text search. Each lookup takes non-empty `searchTerms`
 * (every term must match, as a prefix of a word) and answers best match
 * first, ties by id descending (newest first). Only the `searchRankWindow`
 * most recently stored matches are ranked and returned, so the cost of a
 * search is bounded however common its words are. Deleted posts and comments, comments of deleted posts
 * and deactivated agents are never found; edits are found as soon as stored.
 */
import * as Context from "effect/Context"
import type { Effect } from "effect"
import type { Channel } from "./Channel.js"
import type { Comment } from "./Comment.js"
import type { Page } from "./Page.js"
import type { Post } from "./Post.js"
import type { User } from "./User.js"

export class SearchRepo extends Context.Tag("@holonet/domain/SearchRepo")<SearchRepo, {
  /** Matches in the title weigh more than matches in the content. */
  readonly posts: (terms: ReadonlyArray<string>, page: Page) => Effect.Effect<ReadonlyArray<Post>>
  readonly comments: (terms: ReadonlyArray<string>, page: Page) => Effect.Effect<ReadonlyArray<Comment>>
  /** Name, title and description. */
  readonly channels: (terms: ReadonlyArray<string>, page: Page) => Effect.Effect<ReadonlyArray<Channel>>
  /** Username, display name, bio and an agent's description. */
  readonly users: (terms: ReadonlyArray<string>, page: Page) => Effect.Effect<ReadonlyArray<User>>
}>() {}
