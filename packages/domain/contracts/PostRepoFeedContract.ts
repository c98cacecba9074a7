/**
 * PostRepo home feed, part of `postRepoContract`: `feedOf` lists exactly the
 * posts of the reader's subscribed channels and followed authors, each once,
 * in every order and page, including at a scale where the reader's posts lie
 * far down every order.
 */
import { expect, it } from "@effect/vitest"
import { ChannelRepo, FollowRepo, type Post, type PostFilter, PostRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { at, everything, ids, makeChannel, makePost, makeUser, type RunFresh, seedUsers } from "./Fixtures.js"
import { agent, general, human, random, seed } from "./PostRepoFixtures.js"

/** Registers the tests in the enclosing `describe`; `run` gives each a fresh store. */
export const postRepoFeedContract = <E>(run: RunFresh<E>): void => {
  it.effect("feedOf: exactly the posts of subscribed channels and followed authors, once each, paged", () =>
    run(Effect.gen(function*() {
      const repo = yield* PostRepo
      const channels = yield* ChannelRepo
      const follows = yield* FollowRepo
      yield* seed
      const reader = makeUser("reader")
      const other = makeUser("other")
      const quiet = makeChannel("quiet", other)
      yield* seedUsers(reader, other)
      yield* channels.create(quiet).pipe(Effect.orDie)
      yield* channels.subscribe(general.id, reader.id)
      yield* follows.follow(reader.id, agent.id, at(0))

      const g1 = makePost("g1", general, human, { upvotes: 5, score: 5, createdAt: at(1) })
      const g2 = makePost("g2", general, agent, { upvotes: 2, score: 2, createdAt: at(2) })
      const r1 = makePost("r1", random, agent, { upvotes: 9, score: 9, createdAt: at(3) })
      const r2 = makePost("r2", random, human, { upvotes: 50, score: 50, createdAt: at(4) })
      const q1 = makePost("q1", quiet, other, { createdAt: at(5) })
      const q2 = makePost("q2", quiet, agent, { createdAt: at(6) })
      const gone = makePost("gone", general, other, { createdAt: at(7) })
      const own = makePost("own", quiet, reader, { createdAt: at(8) })
      yield* Effect.forEach([g1, g2, r1, r2, q1, q2, gone, own], repo.insert)
      yield* repo.softDelete(gone.id, at(9))

      const feed = (filter: Omit<Partial<PostFilter>, "feedOf">, page = everything) =>
        Effect.map(repo.list({ order: "new", ...filter, feedOf: reader.id }, page), ids)
      // g1, g2: subscribed channel (g2 also by a followed author, listed once); r1, q2: followed author.
      expect(yield* feed({})).toEqual(ids([q2, r1, g2, g1]))
      expect(yield* feed({}, { limit: 2, offset: 0 })).toEqual(ids([q2, r1]))
      expect(yield* feed({}, { limit: 2, offset: 1 })).toEqual(ids([r1, g2]))
      expect(yield* feed({}, { limit: 3, offset: 2 })).toEqual(ids([g2, g1]))
      expect(yield* feed({}, { limit: 3, offset: 4 })).toEqual([])
      // Scores 9, 5, 2, 0; minutes apart, so hot follows the score too.
      expect(yield* feed({ order: "top" })).toEqual(ids([r1, g1, g2, q2]))
      expect(yield* feed({ order: "hot" })).toEqual(ids([r1, g1, g2, q2]))
      expect(yield* feed({ order: "hot" }, { limit: 1, offset: 1 })).toEqual(ids([g1]))
      expect(yield* feed({ since: at(3).epochMillis })).toEqual(ids([q2, r1]))
      expect(yield* feed({ order: "top", since: at(2).epochMillis })).toEqual(ids([r1, g2, q2]))

      // Other readers see their own sources only: `other` created quiet, so is subscribed to it.
      expect(ids(yield* repo.list({ order: "new", feedOf: other.id }, everything))).toEqual(ids([own, q2, q1]))
      const loner = makeUser("loner")
      yield* seedUsers(loner)
      expect(yield* repo.list({ order: "hot", feedOf: loner.id }, everything)).toEqual([])

      yield* follows.unfollow(reader.id, agent.id)
      expect(yield* feed({})).toEqual(ids([g2, g1]))
      yield* channels.unsubscribe(general.id, reader.id)
      expect(yield* feed({})).toEqual([])
    })))

  it.effect("feedOf at scale: every page in every order is the reader's slice of the full list", () =>
    run(Effect.gen(function*() {
      const repo = yield* PostRepo
      const channels = yield* ChannelRepo
      const follows = yield* FollowRepo
      const reader = makeUser("reader")
      const authors = Array.from({ length: 30 }, (_, i) => makeUser(`a${i}`))
      const rooms = Array.from({ length: 12 }, (_, i) => makeChannel(`ch${i}`, human))
      yield* seedUsers(human, reader, ...authors)
      yield* Effect.forEach(rooms, (room) => channels.create(room).pipe(Effect.orDie))
      const sources = { channels: new Set<string>(), authors: new Set<string>() }
      for (const room of rooms.slice(0, 2)) {
        yield* channels.subscribe(room.id, reader.id)
        sources.channels.add(room.id)
      }
      for (const author of authors.slice(1, 6)) {
        yield* follows.follow(reader.id, author.id, at(0))
        sources.authors.add(author.id)
      }
      // 1,200 posts, more than an adapter might scan before falling back to
      // another plan. The reader's sources post among the 200 oldest and
      // twice later (500, 900), so the newest and hottest posts are mostly
      // others': pages come partly from far down every order. Posts 500 and
      // 900 are each in a subscribed channel by a followed author, so each
      // is the newest post of two sources at once (and listed once).
      const pick = <A>(items: ReadonlyArray<A>, i: number, fallback: A): A => items[i % items.length] ?? fallback
      const posts = Array.from({ length: 1200 }, (_, i) => {
        const late = i === 500 ? 1 : i === 900 ? 0 : undefined
        const room = late !== undefined
          ? pick(rooms, late, general)
          : i < 200
          ? pick(rooms, i, general)
          : pick(rooms.slice(2), i, general)
        const author = late !== undefined
          ? pick(authors, late + 1, human)
          : i < 200
          ? pick(authors, i, human)
          : pick(authors.slice(6), i, human)
        const upvotes = (i * 37) % 50
        const downvotes = (i * 17) % 13
        return makePost(`n${String(i).padStart(4, "0")}`, room, author, {
          upvotes,
          downvotes,
          score: upvotes - downvotes,
          createdAt: at(i)
        })
      })
      yield* Effect.forEach(posts, repo.insert, { discard: true })

      const mine = (post: Post) => sources.channels.has(post.channelId) || sources.authors.has(post.authorId)
      const pages = [[1, 0], [1, 3], [3, 0], [3, 2], [5, 7], [20, 0], [20, 20], [100, 0]] as const
      const filters: ReadonlyArray<Omit<PostFilter, "feedOf">> = [
        { order: "new" },
        { order: "hot" },
        { order: "top" },
        { order: "controversial" },
        { order: "new", since: at(150).epochMillis },
        { order: "top", since: at(150).epochMillis }
      ]
      for (const filter of filters) {
        const expected = ids((yield* repo.list(filter, { limit: 2000, offset: 0 })).filter(mine))
        expect(expected.length).toBeGreaterThan(2)
        for (const [limit, offset] of pages) {
          const page = yield* repo.list({ ...filter, feedOf: reader.id }, { limit, offset })
          // The filter and page are in the compared value so a failure says which page broke.
          expect([filter, limit, offset, ids(page)]).toEqual([
            filter,
            limit,
            offset,
            expected.slice(offset, offset + limit)
          ])
        }
      }
    })))
}
