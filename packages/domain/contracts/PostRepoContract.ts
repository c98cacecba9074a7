/**
 * The behaviour every PostRepo adapter must have. Here: the writes and the
 * plain reads (every field round-trips, filters, paging of the newest-first
 * list, patches, soft deletion that hides a post everywhere, the channel's
 * post counter moving with its posts, the `post_created` outbox event); the
 * ranked orders are in PostRepoOrderContract.ts and the home feed in
 * PostRepoFeedContract.ts, both run inside this suite. Each test gets a fresh
 * store, seeded with real users and channels because posts refer to both.
 */
import { addEqualityTesters, assert, describe, expect, it } from "@effect/vitest"
import { type Channel, ChannelRepo, Post, type PostFilter, PostId, PostRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { at, everything, fresh, ids, makePost, pendingEntries, type RepositoriesLayer } from "./Fixtures.js"
import { postRepoFeedContract } from "./PostRepoFeedContract.js"
import { agent, general, human, random, seed } from "./PostRepoFixtures.js"
import { postRepoOrderContract } from "./PostRepoOrderContract.js"

const postCount = (channel: Channel) =>
  Effect.flatMap(ChannelRepo, (repo) => repo.findByRef(channel.id)).pipe(
    Effect.map(Option.map((stored) => stored.postCount))
  )

const newest: PostFilter = { order: "new" }

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
        const deletions = yield* Effect.forEach(
          [...posts.slice(0, 3), ...posts.slice(0, 3)],
          (post) => repo.softDelete(post.id, at(5)),
          { concurrency: "unbounded" }
        )
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

    it.effect("insert records a post_created outbox entry, in insertion order", () =>
      run(Effect.gen(function*() {
        const repo = yield* PostRepo
        yield* seed
        expect(yield* pendingEntries(10)).toEqual([])
        const first = makePost("first", general, human, { createdAt: at(3) })
        const second = makePost("second", random, agent, { createdAt: at(5) })
        yield* repo.insert(first)
        yield* repo.insert(second)

        const pending = yield* pendingEntries(10)
        expect(pending.map((entry) => [entry.event, entry.createdAt])).toEqual([
          [{ kind: "post_created", postId: first.id }, at(3).epochMillis],
          [{ kind: "post_created", postId: second.id }, at(5).epochMillis]
        ])
        const [older, newer] = pending
        expect(older !== undefined && newer !== undefined && older.id < newer.id).toBe(true)
        expect((yield* pendingEntries(1)).map((entry) => entry.event)).toEqual([
          { kind: "post_created", postId: first.id }
        ])
      })))

    postRepoOrderContract(run)
    postRepoFeedContract(run)
  })
}
