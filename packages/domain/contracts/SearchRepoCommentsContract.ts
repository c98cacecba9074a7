/**
 * SearchRepo over comments, part of `searchRepoContract`: found by word
 * prefix with case and diacritics ignored and every term required; edits
 * found at once; deleted comments, and comments under a deleted post, never.
 */
import { expect, it } from "@effect/vitest"
import { CommentRepo, PostRepo, SearchRepo, searchTerms } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { at, everything, ids, makeComment, makePost, type RunFresh } from "./Fixtures.js"
import { alice, bob, general, seedBase } from "./SearchRepoFixtures.js"

const commentIds = (text: string) =>
  Effect.flatMap(SearchRepo, (repo) => repo.comments(searchTerms(text), everything)).pipe(Effect.map(ids))

/** Registers the tests in the enclosing `describe`; `run` gives each a fresh store. */
export const searchRepoCommentsContract = <E>(run: RunFresh<E>): void => {
  it.effect("comments: found by prefix, case and diacritics ignored, all terms required", () =>
    run(Effect.gen(function*() {
      yield* seedBase
      const post = makePost("host", general, alice)
      yield* (yield* PostRepo).insert(post)
      const photo = makeComment("photo", post, bob, null, { content: "Photosynthesis converts LIGHT into sugar" })
      const mito = makeComment("mito", post, alice, null, { content: "Mitochondria: the powerhouse, déjà vu" })
      const comments = yield* CommentRepo
      yield* comments.insert(photo)
      yield* comments.insert(mito)

      expect(yield* Effect.flatMap(SearchRepo, (repo) => repo.comments(["photo"], everything))).toEqual([photo])
      expect(yield* commentIds("light sugar")).toEqual([photo.id])
      expect(yield* commentIds("powerh")).toEqual([mito.id])
      expect(yield* commentIds("DEJA")).toEqual([mito.id])
      expect(yield* commentIds("synthesis")).toEqual([])
      expect(yield* commentIds("light mitochondria")).toEqual([])
      expect(yield* commentIds("quasar")).toEqual([])
    })))

  it.effect("comments: edits are found at once; deleted comments and comments of a deleted post never are", () =>
    run(Effect.gen(function*() {
      yield* seedBase
      const host = makePost("host", general, alice)
      const doomed = makePost("doomed", general, alice)
      const posts = yield* PostRepo
      yield* posts.insert(host)
      yield* posts.insert(doomed)
      const edited = makeComment("edited", host, bob, null, { content: "Walrus opinion" })
      const deleted = makeComment("deleted", host, bob, null, { content: "Walrus rant" })
      const orphan = makeComment("orphan", doomed, bob, null, { content: "Walrus remark" })
      const comments = yield* CommentRepo
      yield* comments.insert(edited)
      yield* comments.insert(deleted)
      yield* comments.insert(orphan)
      expect(yield* commentIds("walrus")).toEqual([orphan.id, edited.id, deleted.id])

      yield* comments.updateContent(edited.id, "Narwhal opinion", at(4))
      expect(yield* commentIds("narwhal")).toEqual([edited.id])
      expect(yield* commentIds("walrus opinion")).toEqual([])

      expect(yield* comments.softDelete(deleted.id, at(5))).toBe(true)
      expect(yield* commentIds("rant")).toEqual([])

      expect(yield* posts.softDelete(doomed.id, at(6))).toBe(true)
      expect(yield* commentIds("remark")).toEqual([])
      expect(yield* commentIds("walrus")).toEqual([])
      expect(yield* commentIds("opinion")).toEqual([edited.id])
    })))
}
