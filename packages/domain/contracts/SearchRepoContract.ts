/**
 * The behaviour every SearchRepo adapter must have: each term matched as a
 * word prefix, case and diacritics ignored, every term required, best match
 * first (a title hit above a content-only hit), ties by id descending, paging,
 * edits visible at once, and deleted or deactivated rows never found. Rows are
 * seeded through the other repositories, the way the application writes them,
 * so an index kept in step by the adapter (triggers, say) is exercised too.
 * Texts in the ranking cases are of similar length so that any reasonable
 * relevance measure agrees on the order.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import {
  AgentRepo,
  type Channel,
  ChannelRepo,
  CommentRepo,
  type Page,
  PostRepo,
  searchRankWindow,
  SearchRepo,
  searchTerms,
  UserRepo
} from "@holonet/domain"
import { Effect } from "effect"
import {
  at,
  fresh,
  ids,
  makeAgent,
  makeChannel,
  makeComment,
  makePost,
  makeUser,
  type RepositoriesLayer,
  seedAgents,
  seedUsers
} from "./Fixtures.js"

const everything: Page = { limit: 100, offset: 0 }

const alice = makeUser("alice", { displayName: "Wonderland Explorer", bio: "Follows white rabbits" })
const bob = makeUser("bob")
const general = makeChannel("general", alice, { title: "General talk", description: null })

/** The two authors and a channel to post in. */
const seedBase = Effect.gen(function*() {
  yield* seedUsers(alice, bob)
  yield* (yield* ChannelRepo).create(general).pipe(Effect.orDie)
})

const seedChannels = (...channels: ReadonlyArray<Channel>) =>
  Effect.flatMap(ChannelRepo, (repo) => Effect.forEach(channels, repo.create, { discard: true })).pipe(Effect.orDie)

/** Ids found for `text`, reduced to terms the way the use case does. */
const postIds = (text: string, page: Page = everything) =>
  Effect.flatMap(SearchRepo, (repo) => repo.posts(searchTerms(text), page)).pipe(Effect.map(ids))
const commentIds = (text: string) =>
  Effect.flatMap(SearchRepo, (repo) => repo.comments(searchTerms(text), everything)).pipe(Effect.map(ids))
const channelIds = (text: string) =>
  Effect.flatMap(SearchRepo, (repo) => repo.channels(searchTerms(text), everything)).pipe(Effect.map(ids))
const userIds = (text: string) =>
  Effect.flatMap(SearchRepo, (repo) => repo.users(searchTerms(text), everything)).pipe(Effect.map(ids))

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
          if (twin !== undefined) yield* posts.insert(twin)
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

    it.effect("channels: found by name, title or description; ties by id descending", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const astro = makeChannel("astro", alice, { title: "Astronomy Club", description: "Telescopes and nebulae" })
        const garden = makeChannel("garden", alice, { title: "Gardening", description: "Roses and compost" })
        yield* seedChannels(astro, garden)

        expect(yield* Effect.flatMap(SearchRepo, (repo) => repo.channels(["telescopes"], everything))).toEqual([astro])
        expect(yield* channelIds("telesc")).toEqual([astro.id])
        expect(yield* channelIds("ASTRONOMY club")).toEqual([astro.id])
        expect(yield* channelIds("compost roses")).toEqual([garden.id])
        expect(yield* channelIds("nebula compost")).toEqual([])
        expect(yield* channelIds("volcano")).toEqual([])
        // "chan" starts every name (chan-astro, chan-garden, chan-general) equally.
        expect(yield* channelIds("chan")).toEqual([general.id, garden.id, astro.id])
        expect(yield* channelIds("chan garden")).toEqual([garden.id])
      })))

    it.effect("users: found by username, display name, bio and agent description", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const scout = makeAgent("scout", { displayName: "Paper Scout", description: "Finds astronomy papers" })
        yield* seedAgents(scout)

        expect(yield* Effect.flatMap(SearchRepo, (repo) => repo.users(["alice"], everything))).toEqual([alice])
        expect(yield* userIds("ALI")).toEqual([alice.id])
        expect(yield* userIds("wonderland")).toEqual([alice.id])
        expect(yield* userIds("explorer rabbits")).toEqual([alice.id])
        expect(yield* userIds("scout")).toEqual([scout.id])
        expect(yield* userIds("astronomy papers")).toEqual([scout.id])
        expect(yield* userIds("alice scout")).toEqual([])
        expect(yield* userIds("hedgehog")).toEqual([])
      })))

    it.effect("users: a username match ranks above a bio match", () =>
      run(Effect.gen(function*() {
        const zephyr = makeUser("zephyr")
        const fan = makeUser("fan", { bio: "zephyr winds fan" })
        yield* seedUsers(zephyr, fan)

        expect(yield* userIds("zephyr")).toEqual([zephyr.id, fan.id])
      })))

    it.effect("users: profile edits are found at once; a deactivated agent is never found", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const scout = makeAgent("scout", { description: "Finds astronomy papers" })
        const keeper = makeAgent("keeper", { description: "Keeps astronomy logs" })
        yield* seedAgents(scout, keeper)

        yield* (yield* UserRepo).update(alice.id, { displayName: "Looking Glass" })
        expect(yield* userIds("looking glass")).toEqual([alice.id])
        expect(yield* userIds("wonderland")).toEqual([])

        const agents = yield* AgentRepo
        yield* agents.update(keeper.id, { description: "Keeps telescope logs" })
        expect(yield* userIds("telescope")).toEqual([keeper.id])
        expect(yield* userIds("astronomy")).toEqual([scout.id])

        expect(yield* agents.deactivate(scout.id)).toBe(true)
        expect(yield* userIds("astronomy")).toEqual([])
        expect(yield* userIds("scout")).toEqual([])
        expect(yield* userIds("keeper")).toEqual([keeper.id])
      })))

    it.effect("only the most recent searchRankWindow matches are ranked: an older best match falls out", () =>
      run(Effect.gen(function*() {
        yield* seedBase
        const posts = yield* PostRepo
        // The oldest post is the best match (the word is in its title)...
        const oldest = makePost("oldest", general, alice, { title: "Beacon", content: "", createdAt: at(0) })
        yield* posts.insert(oldest)
        // ...then a full window of newer matches that mention it only in passing.
        const newer = Array.from({ length: searchRankWindow }, (_, i) =>
          makePost(`newer-${String(i).padStart(4, "0")}`, general, bob, {
            title: "Notes",
            content: "a beacon",
            createdAt: at(1 + i)
          }))
        yield* Effect.forEach(newer, posts.insert, { discard: true })

        const found = yield* postIds("beacon", { limit: 100, offset: searchRankWindow - 100 })
        expect(found).toHaveLength(100)
        expect(found).not.toContain(oldest.id)
        // Ranked over every match, its title hit would put it first.
        expect(yield* postIds("beacon", { limit: 1, offset: 0 })).not.toEqual([oldest.id])
      })))
  })
}
