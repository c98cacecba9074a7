/**
 * The behaviour every PostRepo adapter must have: visibility of soft-deleted
 * posts, listing in every order (new, hot, top, controversial) with filters,
 * a creation-time bound and the home feed, patches, the channel's post
 * counter moving with its posts, and the `post_created` outbox event. Each
 * test gets a fresh store, seeded with real users and channels because posts
 * refer to both. Expected rank orders are worked out by hand from the
 * formulas in Ranking.ts, next to each test.
 */
import { addEqualityTesters, assert, describe, expect, it } from "@effect/vitest"
import {
  type Channel,
  ChannelRepo,
  FollowRepo,
  NotificationRepo,
  Post,
  type PostFilter,
  PostId,
  PostRepo,
  VoteRepo
} from "@holonet/domain"
import { Effect, Option } from "effect"
import { at, fresh, ids, makeChannel, makePost, makeUser, type RepositoriesLayer, seedUsers } from "./Fixtures.js"

const human = makeUser("human")
const agent = makeUser("agent", { userType: "agent" })
const general = makeChannel("general", human)
const random = makeChannel("random", agent)

/** Two users (a human and an agent) and two channels, one created by each. */
const seed = Effect.gen(function*() {
  yield* seedUsers(human, agent)
  const channels = yield* ChannelRepo
  yield* channels.create(general).pipe(Effect.orDie)
  yield* channels.create(random).pipe(Effect.orDie)
})

const postCount = (channel: Channel) =>
  Effect.flatMap(ChannelRepo, (repo) => repo.findByRef(channel.id)).pipe(
    Effect.map(Option.map((stored) => stored.postCount))
  )

const newest: PostFilter = { order: "new" }
const everything = { limit: 100, offset: 0 }

export const postRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  addEqualityTesters()
  const run = fresh(layer)

  describe(`PostRepo contract: ${name}`, () => {
    it.effect("insert then findById round-trips every field and bumps the channel's post_count", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        yield* seed
        const post = makePost("full", general, agent, {
          title: "A title",
          content: "Some **markdown** content",
          flair: "news",
          upvotes: 3,
          downvotes: 1,
          score: 2,
          commentCount: 4,
          createdAt: at(10),
          updatedAt: at(11)
        })
        yield* repo.insert(post)

        const found = yield* Effect.flatten(repo.findById(post.id))
        expect(found).toEqual(post)
        expect([found.flair, found.upvotes, found.downvotes, found.score, found.commentCount]).toEqual([
          "news",
          3,
          1,
          2,
          4
        ])
        expect([found.createdAt.epochMillis, found.updatedAt.epochMillis]).toEqual([
          at(10).epochMillis,
          at(11).epochMillis
        ])
        expect(yield* postCount(general)).toEqual(Option.some(1))
        expect(yield* postCount(random)).toEqual(Option.some(0))
        expect(yield* repo.findById(PostId.make("post-missing"))).toEqual(Option.none())
      })))

    it.effect("concurrent inserts and deletes keep post_count equal to the visible posts", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        yield* seed
        const posts = Array.from({ length: 8 }, (_, i) => makePost(`c${i}`, general, i % 2 === 0 ? human : agent))
        yield* Effect.forEach(posts, repo.insert, { concurrency: "unbounded", discard: true })
        expect(yield* postCount(general)).toEqual(Option.some(8))

        // Every post deleted twice at once: each must leave the count exactly once.
        const deletions = yield* Effect.forEach([...posts.slice(0, 3), ...posts.slice(0, 3)], (post) =>
          repo.softDelete(post.id, at(5)), { concurrency: "unbounded" })
        expect(deletions.filter((deleted) => deleted).length).toBe(3)
        expect(yield* postCount(general)).toEqual(Option.some(5))
        expect((yield* repo.list(newest, everything)).length).toBe(5)
      })))

    it.effect("list is newest first, ties by id descending, and pages with limit/offset", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        yield* seed
        const a = makePost("a", general, human, { createdAt: at(1) })
        const b = makePost("b", general, human, { createdAt: at(2) })
        const c = makePost("c", random, agent, { createdAt: at(2) })
        const d = makePost("d", random, human, { createdAt: at(3) })
        yield* Effect.forEach([b, d, a, c], repo.insert)

        const all = yield* repo.list(newest, everything)
        expect(ids(all)).toEqual([d.id, c.id, b.id, a.id])
        expect(all[1]).toEqual(c)
        expect(ids(yield* repo.list(newest, { limit: 2, offset: 0 }))).toEqual([d.id, c.id])
        expect(ids(yield* repo.list(newest, { limit: 2, offset: 1 }))).toEqual([c.id, b.id])
        expect(ids(yield* repo.list(newest, { limit: 2, offset: 3 }))).toEqual([a.id])
        expect(yield* repo.list(newest, { limit: 2, offset: 4 })).toEqual([])
      })))

    it.effect("list filters by channel, author and author type, alone and combined", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        yield* seed
        const p1 = makePost("1", general, human, { createdAt: at(1) })
        const p2 = makePost("2", general, agent, { createdAt: at(2) })
        const p3 = makePost("3", random, human, { createdAt: at(3) })
        const p4 = makePost("4", random, agent, { createdAt: at(4) })
        const p5 = makePost("5", general, agent, { createdAt: at(5) })
        yield* Effect.forEach([p1, p2, p3, p4, p5], repo.insert)

        const list = (filter: Omit<PostFilter, "order">) =>
          Effect.map(repo.list({ ...filter, order: "new" }, everything), ids)
        expect(yield* list({ channelId: general.id })).toEqual([p5.id, p2.id, p1.id])
        expect(yield* list({ channelId: random.id })).toEqual([p4.id, p3.id])
        expect(yield* list({ authorId: human.id })).toEqual([p3.id, p1.id])
        expect(yield* list({ authorId: agent.id })).toEqual([p5.id, p4.id, p2.id])
        expect(yield* list({ authorType: "agent" })).toEqual([p5.id, p4.id, p2.id])
        expect(yield* list({ authorType: "human" })).toEqual([p3.id, p1.id])
        expect(yield* list({ channelId: general.id, authorId: agent.id })).toEqual([p5.id, p2.id])
        expect(yield* list({ channelId: random.id, authorType: "human" })).toEqual([p3.id])
        expect(yield* list({ channelId: random.id, authorId: human.id, authorType: "agent" })).toEqual([])
        expect(
          ids(yield* repo.list({ channelId: general.id, order: "new" }, { limit: 1, offset: 1 }))
        ).toEqual([p2.id])
      })))

    it.effect("update applies only the patched fields, sets updatedAt and persists", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        yield* seed
        const post = makePost("edit", general, human, {
          title: "Before",
          content: "Old content",
          flair: "draft",
          score: 5,
          upvotes: 5,
          createdAt: at(1),
          updatedAt: at(1)
        })
        yield* repo.insert(post)

        const retitled = yield* Effect.flatten(repo.update(post.id, { title: "After" }, at(20)))
        expect(retitled).toEqual(new Post({ ...post, title: "After", updatedAt: at(20) }))

        const edited = yield* Effect.flatten(repo.update(post.id, { content: "New content", flair: null }, at(30)))
        expect(edited).toEqual(
          new Post({ ...post, title: "After", content: "New content", flair: null, updatedAt: at(30) })
        )
        expect(edited.createdAt.epochMillis).toBe(at(1).epochMillis)
        expect(yield* repo.findById(post.id)).toEqual(Option.some(edited))
        expect(yield* repo.update(PostId.make("post-missing"), { title: "x" }, at(40))).toEqual(Option.none())
      })))

    it.effect("softDelete hides the post everywhere, answers true once then false, and decrements post_count", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        yield* seed
        const kept = makePost("kept", general, human, { createdAt: at(1) })
        const doomed = makePost("doomed", general, agent, { createdAt: at(2) })
        yield* repo.insert(kept)
        yield* repo.insert(doomed)
        expect(yield* postCount(general)).toEqual(Option.some(2))

        expect(yield* repo.softDelete(doomed.id, at(10))).toBe(true)
        expect(yield* repo.findById(doomed.id)).toEqual(Option.none())
        expect(yield* postCount(general)).toEqual(Option.some(1))
        expect(ids(yield* repo.list(newest, everything))).toEqual([kept.id])
        expect(ids(yield* repo.list({ order: "new", channelId: general.id }, everything))).toEqual([kept.id])
        expect(ids(yield* repo.list({ order: "new", authorId: agent.id }, everything))).toEqual([])
        expect(ids(yield* repo.list({ order: "new", authorType: "agent" }, everything))).toEqual([])

        expect(yield* repo.softDelete(doomed.id, at(11))).toBe(false)
        expect(yield* postCount(general)).toEqual(Option.some(1))
        expect(yield* repo.update(doomed.id, { title: "Revived?" }, at(12))).toEqual(Option.none())
        expect(yield* repo.findById(doomed.id)).toEqual(Option.none())
        expect(yield* repo.softDelete(PostId.make("post-missing"), at(13))).toBe(false)
        assert.deepStrictEqual(yield* postCount(general), Option.some(1))
      })))

    it.effect("hot, top, controversial and new orders, ties by id descending, alone and with filters", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        yield* seed
        // hot = sign(s) * log10(max(|s|, 1)) + seconds since 2005-12-08 / 45000; 750 minutes are
        // 45000 s, i.e. +1. Relative to a post made at(0) with s = 0:
        //   a: at(0),    s = 1000            -> 3 + 0   = 3
        //   b: at(750),  s = 10 (12 up 2 dn) -> 1 + 1   = 2
        //   c: at(1875), s = 0  (3 up 3 dn)  -> 0 + 2.5 = 2.5
        //   d: at(1500), s = -100            -> -2 + 2  = 0
        //   e, f: at(375), s = 1             -> 0 + 0.5 = 0.5 (equal ranks: f before e by id)
        // controversial = (up + down) ^ (min / max), 0 when a side has no votes:
        //   c: 6^1 = 6, b: 14^(2/12) = 1.55, a, d, e, f: 0 (so f, e, d, a by id).
        const a = makePost("a", general, human, { upvotes: 1000, score: 1000, createdAt: at(0) })
        const b = makePost("b", general, human, { upvotes: 12, downvotes: 2, score: 10, createdAt: at(750) })
        const c = makePost("c", general, human, { upvotes: 3, downvotes: 3, score: 0, createdAt: at(1875) })
        const d = makePost("d", random, agent, { downvotes: 100, score: -100, createdAt: at(1500) })
        const e = makePost("e", random, agent, { upvotes: 1, score: 1, createdAt: at(375) })
        const f = makePost("f", general, human, { upvotes: 1, score: 1, createdAt: at(375) })
        yield* Effect.forEach([d, b, f, a, e, c], repo.insert)

        const list = (filter: PostFilter, page = everything) => Effect.map(repo.list(filter, page), ids)
        expect(yield* list({ order: "hot" })).toEqual(ids([a, c, b, f, e, d]))
        expect(yield* list({ order: "top" })).toEqual(ids([a, b, f, e, c, d]))
        expect(yield* list({ order: "controversial" })).toEqual(ids([c, b, f, e, d, a]))
        expect(yield* list({ order: "new" })).toEqual(ids([c, d, b, f, e, a]))

        expect(yield* list({ order: "hot" }, { limit: 2, offset: 2 })).toEqual(ids([b, f]))
        expect(yield* list({ order: "hot", channelId: general.id })).toEqual(ids([a, c, b, f]))
        expect(yield* list({ order: "hot", authorType: "agent" })).toEqual(ids([e, d]))
        expect(yield* list({ order: "top", authorId: agent.id })).toEqual(ids([e, d]))
        expect(yield* list({ order: "top", channelId: general.id }, { limit: 2, offset: 1 })).toEqual(ids([b, f]))
        expect(yield* list({ order: "controversial", channelId: general.id })).toEqual(ids([c, b, f, a]))
        expect(yield* list({ order: "controversial", authorType: "human" }, { limit: 1, offset: 0 })).toEqual(
          ids([c])
        )
      })))

    it.effect("controversial: many votes evenly split first, one-sided posts last", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        yield* seed
        // (up + down) ^ (min / max):
        //   x2: 40/20 -> 60^0.5 = 7.75    x1: 3/3 -> 6^1 = 6       x3: 5/4 -> 9^0.8 = 5.80
        //   x7: 2/1 -> 3^0.5 = 1.73       x4: 100/1 -> 101^0.01 = 1.05
        //   x5: 0/50 and x6: 7/0 -> 0, ties by id: x6 then x5.
        const votes: ReadonlyArray<readonly [string, number, number]> = [
          ["x1", 3, 3],
          ["x2", 40, 20],
          ["x3", 5, 4],
          ["x4", 100, 1],
          ["x5", 0, 50],
          ["x6", 7, 0],
          ["x7", 2, 1]
        ]
        const posts = votes.map(([key, upvotes, downvotes]) =>
          makePost(key, general, human, { upvotes, downvotes, score: upvotes - downvotes, createdAt: at(1) })
        )
        yield* Effect.forEach(posts, repo.insert)
        const listed = yield* repo.list({ order: "controversial" }, everything)
        expect(ids(listed)).toEqual(["x2", "x1", "x3", "x7", "x4", "x6", "x5"].map((key) => `post-${key}`))
      })))

    it.effect("since keeps posts created at or after the instant, in every order", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        yield* seed
        const s0 = makePost("s0", general, human, { upvotes: 5, score: 5, createdAt: at(0) })
        const s10 = makePost("s10", random, agent, { upvotes: 1, score: 1, createdAt: at(10) })
        const s20 = makePost("s20", general, agent, { upvotes: 3, score: 3, createdAt: at(20) })
        yield* Effect.forEach([s0, s10, s20], repo.insert)

        const since = (order: PostFilter["order"], instant: number, filter: Omit<PostFilter, "order"> = {}) =>
          Effect.map(repo.list({ ...filter, order, since: instant }, everything), ids)
        const ten = at(10).epochMillis
        expect(yield* since("new", ten)).toEqual(ids([s20, s10]))
        expect(yield* since("top", ten)).toEqual(ids([s20, s10]))
        // Without the bound, s0 (score 5) leads the top list.
        expect(ids(yield* repo.list({ order: "top" }, everything))).toEqual(ids([s0, s20, s10]))
        // hot: log10(3) + 20 min beats 0 + 10 min.
        expect(yield* since("hot", ten)).toEqual(ids([s20, s10]))
        expect(yield* since("controversial", ten)).toEqual(ids([s20, s10]))
        expect(yield* since("top", ten, { channelId: general.id })).toEqual(ids([s20]))
        expect(yield* since("new", ten, { authorId: agent.id })).toEqual(ids([s20, s10]))
        expect(yield* since("top", at(0).epochMillis)).toEqual(ids([s0, s20, s10]))
        expect(yield* since("new", at(20).epochMillis + 1)).toEqual([])
      })))

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

    it.effect("insert records a post_created outbox entry, in insertion order", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        const notifications = yield* NotificationRepo
        yield* seed
        expect(yield* notifications.pending(10)).toEqual([])
        const first = makePost("first", general, human, { createdAt: at(3) })
        const second = makePost("second", random, agent, { createdAt: at(5) })
        yield* repo.insert(first)
        yield* repo.insert(second)

        const pending = yield* notifications.pending(10)
        expect(pending.map((entry) => [entry.event, entry.createdAt])).toEqual([
          [{ kind: "post_created", postId: first.id }, at(3).epochMillis],
          [{ kind: "post_created", postId: second.id }, at(5).epochMillis]
        ])
        const [older, newer] = pending
        expect(older !== undefined && newer !== undefined && older.id < newer.id).toBe(true)
        expect((yield* notifications.pending(1)).map((entry) => entry.event)).toEqual([
          { kind: "post_created", postId: first.id }
        ])
      })))

    it.effect("votes move the stored ranks: the hot and controversial lists reorder", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        const votes = yield* VoteRepo
        yield* seed
        const p1 = makePost("p1", general, human, { createdAt: at(0) })
        const p2 = makePost("p2", general, human, { createdAt: at(10) })
        yield* Effect.forEach([p1, p2], repo.insert)
        const order = (filter: PostFilter) => Effect.map(repo.list(filter, everything), ids)

        // No votes: the newer post is hotter (10 min = +0.013); controversy 0 for both, so by id.
        expect(yield* order({ order: "hot" })).toEqual(ids([p2, p1]))
        expect(yield* order({ order: "controversial" })).toEqual(ids([p2, p1]))

        // p1 at s = 2: log10(2) = 0.30 beats the 10 minutes.
        yield* votes.votePost(p1.id, human.id, 1)
        yield* votes.votePost(p1.id, agent.id, 1)
        expect(yield* order({ order: "hot" })).toEqual(ids([p1, p2]))
        expect(yield* order({ order: "top" })).toEqual(ids([p1, p2]))
        expect(yield* order({ order: "hot", channelId: general.id })).toEqual(ids([p1, p2]))

        // One up, one down: s = 0 (hot back behind p2), controversy 2^1 = 2 (ahead of p2's 0).
        yield* votes.votePost(p1.id, agent.id, -1)
        expect(yield* order({ order: "hot" })).toEqual(ids([p2, p1]))
        expect(yield* order({ order: "controversial" })).toEqual(ids([p1, p2]))

        // The down vote taken back: s = 1 (log10 1 = 0) and one-sided again.
        yield* votes.votePost(p1.id, agent.id, 0)
        expect(yield* order({ order: "hot" })).toEqual(ids([p2, p1]))
        expect(yield* order({ order: "controversial" })).toEqual(ids([p2, p1]))
        expect(yield* order({ order: "top" })).toEqual(ids([p1, p2]))
      })))
  })
}
