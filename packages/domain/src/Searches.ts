/**
 * Use case: full-text search over posts, comments, channels or users. Any
 * text is a valid question: it is reduced to `searchTerms`, and a text with
 * no words in it (only punctuation, say) simply finds nothing.
 */
import * as Effect from "effect/Effect"
import type { Channel } from "./Channel.js"
import type { Comment } from "./Comment.js"
import type { Page } from "./Page.js"
import type { Post } from "./Post.js"
import { searchTerms, type SearchType } from "./Search.js"
import { SearchRepo } from "./SearchRepo.js"
import type { User } from "./User.js"

export type SearchResults =
  | { readonly type: "posts"; readonly items: ReadonlyArray<Post> }
  | { readonly type: "comments"; readonly items: ReadonlyArray<Comment> }
  | { readonly type: "channels"; readonly items: ReadonlyArray<Channel> }
  | { readonly type: "users"; readonly items: ReadonlyArray<User> }

export class Searches extends Effect.Service<Searches>()("@holonet/domain/Searches", {
  effect: Effect.gen(function*() {
    const search = yield* SearchRepo

    const find = Effect.fnUntraced(function*(text: string, type: SearchType, page: Page) {
      const terms = searchTerms(text)
      if (terms.length === 0) return { type, items: [] } satisfies SearchResults
      switch (type) {
        case "posts":
          return { type, items: yield* search.posts(terms, page) } satisfies SearchResults
        case "comments":
          return { type, items: yield* search.comments(terms, page) } satisfies SearchResults
        case "channels":
          return { type, items: yield* search.channels(terms, page) } satisfies SearchResults
        case "users":
          return { type, items: yield* search.users(terms, page) } satisfies SearchResults
      }
    })

    return { find } as const
  })
}) {}
