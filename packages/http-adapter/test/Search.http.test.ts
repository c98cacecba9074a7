/**
 * Full-text search over HTTP: hits and misses for each type, the shape of
 * each result (the same JSON as the object's own route), validation of `q`
 * and `type`, and hostile queries that must stay plain text: always 200 with
 * an array, never a 500.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  createChannel,
  createPost,
  del,
  expectSlashInsensitive,
  fields,
  get,
  items,
  locs,
  patchJson,
  postJson,
  signUp
} from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

const search = (params: Record<string, string>) =>
  Effect.gen(function*() {
    const path = `/api/search?${new URLSearchParams(params).toString()}`
    const reply = yield* get(path)
    expect({ path, status: reply.status }).toEqual({ path, status: 200 })
    expect(Array.isArray(reply.body)).toBe(true)
    return items(reply)
  })

const ids = (params: Record<string, string>) => Effect.map(search(params), (found) => found.map((x) => x["id"]))

/** A small corpus: two posts, a comment, two channels, a human and an agent. */
const corpus = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  expect(
    (yield* patchJson("/api/users/me", { display_name: "Alice Gardener", bio: "I grow tomatoes" }, alice.token)).status
  ).toBe(200)
  const agent = yield* postJson("/api/agents", { username: "rustbot", description: "Answers questions about Rust" })
  expect(agent.status).toBe(201)
  const rustChannel = yield* createChannel(alice.token, "rustaceans", "Rust fans")
  const gardenChannel = yield* createChannel(alice.token, "garden", "Gardening")
  const rustPost = yield* createPost(alice.token, "rustaceans", "Rust borrow checker tips", "Lifetimes made simple")
  const gardenPost = yield* createPost(
    alice.token,
    "garden",
    "Spring planting",
    "Tomatoes need sun; so does rust-free tooling"
  )
  const reply = yield* postJson(
    "/api/comments",
    { post_id: rustPost["id"], content: "I love the borrow checker — ça marche!" },
    alice.token
  )
  expect(reply.status).toBe(201)
  return {
    alice,
    rustChannel,
    gardenChannel,
    rustPost,
    gardenPost,
    comment: fields(reply)
  }
})

describe("GET /api/search", () => {
  it.effect("posts (the default type): word prefixes, any case and accents; every word must match", () =>
    Effect.gen(function*() {
      const { gardenPost, rustPost } = yield* corpus
      const found = yield* search({ q: "borrow" })
      // The same JSON as GET /api/posts/{id}.
      expect(found).toEqual([(yield* get(`/api/posts/${String(rustPost["id"])}`)).body])
      expect(yield* ids({ q: "BORR", type: "posts" })).toEqual([rustPost["id"]])
      expect(yield* ids({ q: "checker lifetimes" })).toEqual([rustPost["id"]])
      expect(yield* ids({ q: "tomatoes" })).toEqual([gardenPost["id"]])
      expect(yield* ids({ q: "borrow tomatoes" })).toEqual([])
      expect(yield* ids({ q: "elephant" })).toEqual([])
      // "rust" is in one title and in another's content: the title match comes first.
      expect(yield* ids({ q: "rust" })).toEqual([rustPost["id"], gardenPost["id"]])
      expect(yield* ids({ q: "ru" })).toEqual([rustPost["id"], gardenPost["id"]])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("comments, channels and users each answer their own JSON shape", () =>
    Effect.gen(function*() {
      const { alice, comment, gardenChannel, rustChannel } = yield* corpus
      expect(yield* search({ q: "love", type: "comments" })).toEqual([
        (yield* get(`/api/comments/${String(comment["id"])}`)).body
      ])
      expect(yield* ids({ q: "ca marche", type: "comments" })).toEqual([comment["id"]])
      expect(yield* ids({ q: "tomatoes", type: "comments" })).toEqual([])

      expect(yield* search({ q: "gardening", type: "channels" })).toEqual([
        (yield* get("/api/channels/garden")).body
      ])
      expect(gardenChannel["name"]).toBe("garden")
      expect(yield* ids({ q: "rust fans", type: "channels" })).toEqual([rustChannel["id"]])
      expect(yield* ids({ q: "borrow", type: "channels" })).toEqual([])

      const people = yield* search({ q: "tomatoes", type: "users" })
      expect(people).toEqual([(yield* get("/api/users/alice")).body])
      expect(people[0]?.["id"]).toBe(alice.id)
      expect(yield* ids({ q: "gardener", type: "users" })).toEqual([alice.id])
      // An agent is found by its description, and listed as a User.
      const bots = yield* search({ q: "questions rust", type: "users" })
      expect(bots).toEqual([(yield* get("/api/users/rustbot")).body])
      expect(bots[0]?.["user_type"]).toBe("agent")
      expect(yield* ids({ q: "lifetimes", type: "users" })).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("deleted posts and their comments are never found; edits are found at once", () =>
    Effect.gen(function*() {
      const { alice, gardenPost, rustPost } = yield* corpus
      expect((yield* del(`/api/posts/${String(rustPost["id"])}`, alice.token)).status).toBe(204)
      expect(yield* ids({ q: "borrow" })).toEqual([])
      expect(yield* ids({ q: "borrow", type: "comments" })).toEqual([])
      const edited = yield* patchJson(
        `/api/posts/${String(gardenPost["id"])}`,
        { title: "Autumn harvest" },
        alice.token
      )
      expect(edited.status).toBe(200)
      expect(yield* ids({ q: "autumn" })).toEqual([gardenPost["id"]])
      expect(yield* ids({ q: "spring" })).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("limit and offset page the results", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      yield* createChannel(token, "general")
      for (let i = 0; i < 5; i++) yield* createPost(token, "general", `Weekly digest ${i}`)
      expect(yield* search({ q: "digest" })).toHaveLength(5)
      const all = yield* ids({ q: "digest" })
      expect(yield* ids({ q: "digest", limit: "2" })).toEqual(all.slice(0, 2))
      expect(yield* ids({ q: "digest", limit: "2", offset: "3" })).toEqual(all.slice(3))
      expect(yield* ids({ q: "digest", offset: "5" })).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("hostile queries are plain text: 200 with an array for every type, never a 500", () =>
    Effect.gen(function*() {
      const { rustPost } = yield* corpus
      const hostile = [
        "\"",
        "\"borrow",
        "*",
        "borrow*",
        "NEAR(a b)",
        "a OR",
        "OR",
        "AND NOT",
        "'; DROP TABLE posts; --",
        "%",
        "_",
        "\\",
        "()",
        "^borrow",
        "borrow:checker",
        "{}[]",
        "\u0000",
        "🦀",
        "-borrow",
        "title:borrow"
      ]
      for (const q of hostile) {
        for (const type of ["posts", "comments", "channels", "users"]) {
          yield* search({ q, type })
        }
      }
      // Punctuation around a real word is ignored; the word still matches.
      expect(yield* ids({ q: "\"borrow\"*" })).toEqual([rustPost["id"]])
      expect(yield* ids({ q: "borrow*" })).toEqual([rustPost["id"]])
      // Nothing was dropped.
      expect((yield* get(`/api/posts/${String(rustPost["id"])}`)).status).toBe(200)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("422 when q is missing, empty or over 200 characters, or for an unknown type", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<[string, ReadonlyArray<unknown>]> = [
        ["", [["query", "q"]]],
        ["type=posts", [["query", "q"]]],
        ["q=", [["query", "q"]]],
        [`q=${"a".repeat(201)}`, [["query", "q"]]],
        ["q=hello&type=post", [["query", "type"]]],
        ["q=hello&type=", [["query", "type"]]],
        ["q=hello&type=POSTS", [["query", "type"]]],
        ["q=hello&limit=0", [["query", "limit"]]],
        ["q=hello&limit=101&offset=x", [["query", "limit"], ["query", "offset"]]],
        ["type=everything", [["query", "q"], ["query", "type"]]]
      ]
      for (const [query, expected] of cases) {
        for (const path of ["/api/search", "/api/search/"]) {
          const reply = yield* get(`${path}?${query}`)
          expect({ query, status: reply.status }).toEqual({ query, status: 422 })
          expect(locs(reply)).toEqual(expected)
        }
      }
      expect(yield* search({ q: "a".repeat(200) })).toEqual([])
      expect(yield* search({ q: " " })).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("answers the same with and without a trailing slash, with no credentials needed", () =>
    Effect.gen(function*() {
      yield* corpus
      yield* expectSlashInsensitive([
        [200, (s) => HttpClientRequest.get(`/api/search${s}?q=borrow`)],
        [200, (s) => HttpClientRequest.get(`/api/search${s}?q=garden&type=channels`)],
        [422, (s) => HttpClientRequest.get(`/api/search${s}`)]
      ])
      expect(yield* search({ q: "borrow" })).toHaveLength(1)
    }).pipe(Effect.provide(TestServer.layer())))
})
