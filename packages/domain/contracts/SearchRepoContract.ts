/**
 * The behaviour every SearchRepo adapter must have: each term matched as a
 * word prefix, case and diacritics ignored, every term required, best match
 * first (a title hit above a content-only hit), ties by id descending, paging,
 * edits visible at once, and deleted or deactivated rows never found. Here for
 * posts, which also show that only the most recent matches are ranked; the
 * other kinds are in SearchRepoCommentsContract.ts,
 * SearchRepoChannelsContract.ts and SearchRepoUsersContract.ts, all run
 * inside this suite. Texts in the ranking cases are of similar length so that
 * any reasonable relevance measure agrees on the order.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { type Page, PostRepo, searchRankWindow, SearchRepo, searchTerms } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { at, everything, fresh, ids, makePost, type RepositoriesLayer } from "./Fixtures.js"
import { searchRepoChannelsContract } from "./SearchRepoChannelsContract.js"
import { searchRepoCommentsContract } from "./SearchRepoCommentsContract.js"
import { alice, bob, general, seedBase } from "./SearchRepoFixtures.js"
import { searchRepoUsersContract } from "./SearchRepoUsersContract.js"

/** Ids found for `text`, reduced to terms the way the use case does. */
const postIds = (text: string, page: Page = everything) =>
  Effect.flatMap(SearchRepo, (repo) => repo.posts(searchTerms(text), page)).pipe(Effect.map(ids))

export const searchRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  addEqualityTesters()
  const run = fresh(layer)

  describe(`SearchRepo contract: ${name}`, () => {
    it.effect("posts: title and content words are found by prefix, whole posts come back, other words miss", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const quantum = makePost("quantum", general, alice, {
          title: "Quantum computing primer",
          content: "An introduction to qubits"
        })
        const garden = makePost("garden", general, bob, { title: "Gardening tips", content: "Tomatoes need sun" })
        const posts = yield* PostRepo
        yield* posts.insert(quantum)
        yield* posts.insert(garden)

        expect(yield* Effect.flatMap(SearchRepo, (repo) => repo.posts(["quantum"], everything))).toEqual([quantum])
        expect(yield* postIds("quant")).toEqual([quantum.id])
        expect(yield* postIds("qubit")).toEqual([quantum.id])
        expect(yield* postIds("tomatoes")).toEqual([garden.id])
        expect(yield* postIds("garden")).toEqual([garden.id])
        // A prefix of a word, not any substring of it.
        expect(yield* postIds("uantum")).toEqual([])
        expect(yield* postIds("zebra")).toEqual([])
        // Longer than the word is not a prefix of it.
        expect(yield* postIds("quantumness")).toEqual([])
      })))

    it.effect("posts: case and diacritics are ignored on both sides", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const dessert = makePost("dessert", general, alice, {
          title: "Crème Brûlée Recipe",
          content: "CARAMEL on top, a naive delight"
        })
        yield* (yield* PostRepo).insert(dessert)

        expect(yield* postIds("creme brulee")).toEqual([dessert.id])
        expect(yield* postIds("CRÈME")).toEqual([dessert.id])
        expect(yield* postIds("caramel")).toEqual([dessert.id])
        expect(yield* postIds("Naïve")).toEqual([dessert.id])
        expect(yield* postIds("brul")).toEqual([dessert.id])
        expect(yield* postIds("cremes")).toEqual([])
      })))

    // PostgreSQL folds case by the database's LC_CTYPE: under "C" its lower()
    // and [[:alnum:]] know only ASCII, and these words would never be found.
    it.effect("posts: words of other scripts are found in any case, as whole words or prefixes", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const travel = makePost("travel", general, alice, {
          title: "ŁÓDŹ and Ωmega",
          content: "Жизнь прекрасна in 東京"
        })
        yield* (yield* PostRepo).insert(travel)

        expect(yield* postIds("łódź")).toEqual([travel.id])
        expect(yield* postIds("ΩMEGA")).toEqual([travel.id])
        expect(yield* postIds("ЖИЗНЬ прекр")).toEqual([travel.id])
        expect(yield* postIds("東京")).toEqual([travel.id])
        expect(yield* postIds("жизни")).toEqual([])
      })))

    it.effect("posts: every term must match, each anywhere in the post", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const quantum = makePost("quantum", general, alice, { title: "Quantum primer", content: "About qubits" })
        const garden = makePost("garden", general, bob, { title: "Garden primer", content: "About tomatoes" })
        const posts = yield* PostRepo
        yield* posts.insert(quantum)
        yield* posts.insert(garden)

        expect(yield* postIds("quantum qubits")).toEqual([quantum.id])
        expect(yield* postIds("primer about garden")).toEqual([garden.id])
        expect(yield* postIds("quantum tomatoes")).toEqual([])
        expect([...(yield* postIds("primer"))].sort()).toEqual([garden.id, quantum.id])
      })))

    it.effect("posts: a match in the title ranks above a match in the content only", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        // The content-only post has the greater id, so a tie would put it first.
        const inTitle = makePost("rank-a", general, alice, {
          title: "Borrow checker notes",
          content: "Notes about lifetimes and moves"
        })
        const inContent = makePost("rank-b", general, bob, {
          title: "Checker notes here",
          content: "Notes about borrow and moves"
        })
        const posts = yield* PostRepo
        yield* posts.insert(inContent)
        yield* posts.insert(inTitle)

        expect(yield* postIds("borrow")).toEqual([inTitle.id, inContent.id])
        expect(yield* postIds("borrow notes")).toEqual([inTitle.id, inContent.id])
      })))

    it.effect("posts: equal matches are ordered by id descending and paged", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const twins = Array.from({ length: 5 }, (_, i) =>
          makePost(`tie-${i}`, general, alice, { title: "Identical zeppelin", content: "Same body", createdAt: at(i) }))
        const posts = yield* PostRepo
        // Inserted out of order: the order comes from the ids, not from insertion.
        for (const index of [2, 0, 4, 1, 3]) {
          const twin = twins[index]
          if (twin !== undefined) {
            yield* posts.insert(twin)
          }
        }
        yield* posts.insert(makePost("other", general, bob, { title: "Unrelated", content: "Nothing here" }))

        const newestFirst = ["post-tie-4", "post-tie-3", "post-tie-2", "post-tie-1", "post-tie-0"]
        expect(yield* postIds("zeppelin")).toEqual(newestFirst)
        expect(yield* postIds("zeppelin", { limit: 2, offset: 0 })).toEqual(newestFirst.slice(0, 2))
        expect(yield* postIds("zeppelin", { limit: 2, offset: 2 })).toEqual(newestFirst.slice(2, 4))
        expect(yield* postIds("zeppelin", { limit: 2, offset: 4 })).toEqual(newestFirst.slice(4))
        expect(yield* postIds("zeppelin", { limit: 2, offset: 5 })).toEqual([])
      })))

    it.effect("posts: an edit is found at once and the old text no longer is", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const post = makePost("edited", general, alice, { title: "Original headline", content: "First draft" })
        const posts = yield* PostRepo
        yield* posts.insert(post)
        expect(yield* postIds("headline")).toEqual([post.id])

        yield* posts.update(post.id, { title: "Revised caption" }, at(5))
        expect(yield* postIds("headline")).toEqual([])
        expect(yield* postIds("revised caption")).toEqual([post.id])
        // The untouched field is still searchable.
        expect(yield* postIds("draft")).toEqual([post.id])

        yield* posts.update(post.id, { content: "Final version" }, at(6))
        expect(yield* postIds("draft")).toEqual([])
        expect(yield* postIds("final")).toEqual([post.id])
      })))

    it.effect("posts: a deleted post is never found", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const gone = makePost("gone", general, alice, { title: "Ephemeral thoughts", content: "Vanishing ink" })
        const kept = makePost("kept", general, bob, { title: "Ephemeral but kept", content: "Permanent ink" })
        const posts = yield* PostRepo
        yield* posts.insert(gone)
        yield* posts.insert(kept)
        expect(yield* posts.softDelete(gone.id, at(3))).toBe(true)

        expect(yield* postIds("ephemeral")).toEqual([kept.id])
        expect(yield* postIds("vanishing")).toEqual([])
        expect(yield* postIds("ink")).toEqual([kept.id])
      })))

    it.effect("only the most recent searchRankWindow matches are ranked: an older best match falls out", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const posts = yield* PostRepo
        // The oldest post is the best match (the word is in its title)...
        const oldest = makePost("oldest", general, alice, { title: "Beacon", content: "", createdAt: at(0) })
        yield* posts.insert(oldest)
        // ...then a full window of newer matches that mention it only in passing.
        const newer = Array.from(
          { length: searchRankWindow },
          (_, i) =>
            makePost(`newer-${String(i).padStart(4, "0")}`, general, bob, {
              title: "Notes",
              content: "a beacon",
              createdAt: at(1 + i)
            })
        )
        yield* Effect.forEach(newer, posts.insert, { discard: true })

        const found = yield* postIds("beacon", { limit: 100, offset: searchRankWindow - 100 })
        expect(found).toHaveLength(100)
        expect(found).not.toContain(oldest.id)
        // Ranked over every match, its title hit would put it first.
        expect(yield* postIds("beacon", { limit: 1, offset: 0 })).not.toEqual([oldest.id])
      })))

    searchRepoCommentsContract(run)
    searchRepoChannelsContract(run)
    searchRepoUsersContract(run)
  })
}
