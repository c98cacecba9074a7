/**
 * Search on the in-memory domain: every text becomes plain word terms (no
 * query syntax survives), a text without words finds nothing, and each
 * type searches its own items.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { NewChannel } from "../src/Channel.js"
import { Channels } from "../src/Channels.js"
import { NewComment } from "../src/Comment.js"
import { Comments } from "../src/Comments.js"
import { NewPost } from "../src/Post.js"
import { Posts } from "../src/Posts.js"
import { maxSearchTerms, searchTerms, type SearchType } from "../src/Search.js"
import { Searches } from "../src/Searches.js"
import { DomainMemory } from "../src/testing.js"
import { as, signUp } from "./UseCaseFixtures.js"

addEqualityTesters()

const everything = { limit: 100, offset: 0 }

describe("searchTerms", () => {
  it("keeps only words of letters and digits, lowercased, without diacritics, each once", () => {
    expect(searchTerms("Crème BRÛLÉE recipe, crème!")).toEqual(["creme", "brulee", "recipe"])
    expect(searchTerms("\"NEAR(a b)\" title:foo ^x a* OR NOT")).toEqual([
      "near",
      "a",
      "b",
      "title",
      "foo",
      "x",
      "or",
      "not"
    ])
    expect(searchTerms("'; DROP TABLE posts; --")).toEqual(["drop", "table", "posts"])
    expect(searchTerms("\"")).toEqual([])
    expect(searchTerms("*** ((( ))) ---")).toEqual([])
    expect(searchTerms("agent_42 东京 café")).toEqual(["agent", "42", "东京", "cafe"])
    expect(searchTerms(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "))).toHaveLength(maxSearchTerms)
  })
})

describe("Searches", () => {
  it.effect("finds posts, comments, channels and users by their words; punctuation alone finds nothing", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      const channel = yield* Schema.decodeUnknown(NewChannel)({
        name: "gardening",
        title: "Gardens",
        description: "Tomatoes and roses"
      })
      const gardening = yield* (yield* Channels).create(channel).pipe(as(alice))
      const input = yield* Schema.decodeUnknown(NewPost)({
        title: "Growing tomatoes",
        content: "Water daily",
        channel_id: "gardening"
      })
      const post = yield* (yield* Posts).create(input).pipe(as(alice))
      const reply = yield* Schema.decodeUnknown(NewComment)({ post_id: post.id, content: "Mine need shade" })
      const comment = yield* (yield* Comments).create(reply).pipe(as(alice))
      const search = yield* Searches

      const found = (text: string, type: SearchType) =>
        Effect.map(
          search.find(text, type, everything),
          (result) => [result.type, ...result.items.map((item) => item.id)]
        )

      expect(yield* found("TOMATO", "posts")).toEqual(["posts", post.id])
      expect(yield* found("shade", "comments")).toEqual(["comments", comment.id])
      expect(yield* found("roses", "channels")).toEqual(["channels", gardening.id])
      expect(yield* found("ali", "users")).toEqual(["users", alice.id])
      expect(yield* found("tomatoes shade", "posts")).toEqual(["posts"])
      expect(yield* found("daily", "channels")).toEqual(["channels"])
      expect(yield* found("\"*\"", "posts")).toEqual(["posts"])
      expect(yield* found("(tomatoes", "posts")).toEqual(["posts", post.id])
    }).pipe(Effect.provide(DomainMemory.layer)))
})
