/**
 * In-memory SearchRepo: a scan of the tables with the matching rule of the
 * SQL adapter (every term a prefix of some word, case and diacritics
 * ignored) and a simple weighted count for "best match".
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { searchRankWindow } from "../Search.js"
import { SearchRepo } from "../SearchRepo.js"
import { compareIds, MemoryStore, paginate } from "./MemoryStore.js"

const wordsOf = (text: string | null): ReadonlyArray<string> =>
  text === null ? [] : text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []

interface Field {
  readonly text: string | null
  readonly weight: number
}

/** Weighted count of word hits, or 0 when a term matches nowhere. */
const relevance = (terms: ReadonlyArray<string>, fields: ReadonlyArray<Field>): number => {
  const indexed = fields.map((field) => ({ words: wordsOf(field.text), weight: field.weight }))
  let total = 0
  for (const term of terms) {
    let hits = 0
    for (const field of indexed) {
      hits += field.weight * field.words.filter((word) => word.startsWith(term)).length
    }
    if (hits === 0) return 0
    total += hits
  }
  return total
}

const best = <A extends { readonly id: string }>(
  items: Iterable<A>,
  terms: ReadonlyArray<string>,
  fields: (item: A) => ReadonlyArray<Field>,
  page: { limit: number; offset: number }
): ReadonlyArray<A> => {
  let scored: Array<{ item: A; score: number }> = []
  for (const item of items) {
    const score = relevance(terms, fields(item))
    if (score > 0) scored.push({ item, score })
  }
  // Maps iterate in insertion order, as rowids grow in SQL: keep the most recent matches.
  scored = scored.slice(-searchRankWindow)
  scored.sort((a, b) => b.score - a.score || compareIds(b.item.id, a.item.id))
  return paginate(scored.map((row) => row.item), page)
}

export const make: Effect.Effect<Context.Tag.Service<SearchRepo>, never, MemoryStore> = Effect.gen(function*() {
  const db = yield* MemoryStore
  const livePost = (id: string) => db.posts.get(id)?.deletedAt === null
  return SearchRepo.of({
    posts: (terms, page) =>
      Effect.sync(() =>
        best(
          Array.from(db.posts.values()).filter((row) => row.deletedAt === null).map((row) => row.post),
          terms,
          (post) => [{ text: post.title, weight: 3 }, { text: post.content, weight: 1 }],
          page
        )
      ),
    comments: (terms, page) =>
      Effect.sync(() =>
        best(
          Array.from(db.comments.values()).filter((comment) => !comment.isDeleted && livePost(comment.postId)),
          terms,
          (comment) => [{ text: comment.content, weight: 1 }],
          page
        )
      ),
    channels: (terms, page) =>
      Effect.sync(() =>
        best(
          db.channels.values(),
          terms,
          (channel) => [
            { text: channel.name, weight: 3 },
            { text: channel.title, weight: 2 },
            { text: channel.description, weight: 1 }
          ],
          page
        )
      ),
    users: (terms, page) =>
      Effect.sync(() =>
        best(
          Array.from(db.users.values())
            .filter((row) => row.agent?.active !== false)
            .map((row) => ({ id: row.user.id, user: row.user, description: row.agent?.description ?? null })),
          terms,
          ({ description, user }) => [
            { text: user.username, weight: 3 },
            { text: user.displayName, weight: 2 },
            { text: user.bio, weight: 1 },
            { text: description, weight: 1 }
          ],
          page
        ).map((row) => row.user)
      )
  })
})

export const layer: Layer.Layer<SearchRepo, never, MemoryStore> = Layer.effect(SearchRepo, make)
