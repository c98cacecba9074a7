/**
 * Post sorts and the home feed over HTTP. The server shares the test's
 * TestClock (time starts at 1970), so creation times, and with them the hot
 * rank and the `t` / `rising` windows, are exact. Votes are cast by five
 * voters so that every sort gives a different order with no ties.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import {
  createChannel,
  createPost,
  del,
  expectSlashInsensitive,
  fields,
  get,
  items,
  locs,
  login,
  postEmpty,
  postJson,
  signUp
} from "./Http.js"
import { TestServer } from "@holonet/http-adapter/testing"

const titles = (path: string, token?: string) =>
  Effect.gen(function*() {
    const reply = yield* get(path, token)
    expect({ path, status: reply.status }).toEqual({ path, status: 200 })
    return items(reply).map((p) => p["title"])
  })

const vote = (token: string, postId: unknown, value: 1 | -1) =>
  Effect.gen(function*() {
    const reply = yield* postJson(`/api/posts/${String(postId)}/vote`, { value }, token)
    expect(reply.status).toBe(200)
  })

/**
 * E is written 13 hours before A, B, C, D (one minute apart). Votes
 * (up/down): E 5/0, A 4/1, B 2/2, C 3/1, D 1/2. So:
 * - new:           D C B A E
 * - top:           E(5) A(3) C(2) B(0) D(-1); with t=hour E is too old
 * - hot:           A C D B E (log10 of the score plus creation time / 45000 s)
 * - rising:        hot without E (older than 12 hours)
 * - controversial: B 4^1, D 3^0.5, C 4^(1/3), A 5^(1/4), E 0
 */
const rankedPosts = Effect.gen(function*() {
  const author = yield* signUp("author")
  yield* createChannel(author.token, "general")
  const e = yield* createPost(author.token, "general", "E")
  yield* TestClock.adjust("13 hours")
  // Access tokens last an hour: log in again after the jump.
  const token = yield* login("author")
  const voters = [
    yield* signUp("voter1"),
    yield* signUp("voter2"),
    yield* signUp("voter3"),
    yield* signUp("voter4"),
    yield* signUp("voter5")
  ].map((v) => v.token)
  const posts: Record<string, Record<string, unknown>> = { E: e }
  for (const title of ["A", "B", "C", "D"]) {
    posts[title] = yield* createPost(token, "general", title)
    yield* TestClock.adjust("1 minute")
  }
  const plan: Record<string, ReadonlyArray<1 | -1>> = {
    E: [1, 1, 1, 1, 1],
    A: [1, 1, 1, 1, -1],
    B: [1, 1, -1, -1],
    C: [1, 1, 1, -1],
    D: [1, -1, -1]
  }
  for (const [title, values] of Object.entries(plan)) {
    for (const [i, value] of values.entries()) {
      const voter = voters[i]
      if (voter === undefined) return yield* Effect.dieMessage("not enough voters")
      yield* vote(voter, posts[title]?.["id"], value)
    }
  }
  return { posts }
})

describe("GET /api/posts sorts", () => {
  it.effect("new (default), top, hot, rising and controversial order the same posts differently", () =>
    Effect.gen(function*() {
      yield* rankedPosts
      expect(yield* titles("/api/posts")).toEqual(["D", "C", "B", "A", "E"])
      expect(yield* titles("/api/posts?sort=new")).toEqual(["D", "C", "B", "A", "E"])
      expect(yield* titles("/api/posts?sort=top")).toEqual(["E", "A", "C", "B", "D"])
      expect(yield* titles("/api/posts?sort=hot")).toEqual(["A", "C", "D", "B", "E"])
      expect(yield* titles("/api/posts?sort=rising")).toEqual(["A", "C", "D", "B"])
      expect(yield* titles("/api/posts?sort=controversial")).toEqual(["B", "D", "C", "A", "E"])
      // Sorts combine with filters and paging.
      expect(yield* titles("/api/posts?sort=top&channel=general&author=author&limit=2&offset=1")).toEqual(["A", "C"])
      expect(yield* titles("/api/posts/?sort=controversial&limit=1")).toEqual(["B"])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("t bounds top by creation time: hour leaves out the 13-hour-old post, day and all keep it", () =>
    Effect.gen(function*() {
      yield* rankedPosts
      expect(yield* titles("/api/posts?sort=top&t=hour")).toEqual(["A", "C", "B", "D"])
      for (const t of ["day", "week", "month", "year", "all"]) {
        expect(yield* titles(`/api/posts?sort=top&t=${t}`)).toEqual(["E", "A", "C", "B", "D"])
      }
      yield* TestClock.adjust("2 hours")
      expect(yield* titles("/api/posts?sort=top&t=hour")).toEqual([])
      expect(yield* titles("/api/posts?sort=top&t=day")).toEqual(["E", "A", "C", "B", "D"])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("t=hour includes posts created just now", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      yield* TestClock.adjust("1000 days")
      yield* createPost(yield* login("alice"), "general", "fresh")
      expect(yield* titles("/api/posts?sort=top&t=hour")).toEqual(["fresh"])
      expect(yield* titles("/api/posts?sort=rising")).toEqual(["fresh"])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("unknown sort or t is 422 at [query, sort] / [query, t], also on the feed", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      const cases: ReadonlyArray<[string, string]> = [
        ["sort=best", "sort"],
        ["sort=TOP", "sort"],
        ["sort=", "sort"],
        ["sort=top&t=decade", "t"],
        ["t=", "t"],
        ["t=Hour", "t"]
      ]
      for (const [query, field] of cases) {
        for (const path of ["/api/posts", "/api/posts/", "/api/feed", "/api/feed/"]) {
          const reply = yield* get(`${path}?${query}`, token)
          expect({ path, query, status: reply.status }).toEqual({ path, query, status: 422 })
          expect(locs(reply)).toEqual([["query", field]])
        }
      }
      // The feed has no controversial sort.
      const feed = yield* get("/api/feed?sort=controversial", token)
      expect(feed.status).toBe(422)
      expect(locs(feed)).toEqual([["query", "sort"]])
      // The message names the choices, as FastAPI's does.
      expect(feed.body).toMatchObject({ detail: [{ msg: "Input should be 'hot', 'new', 'top', 'rising'" }] })
      const both = yield* get("/api/posts?sort=x&t=y&limit=0")
      expect(locs(both)).toEqual([["query", "limit"], ["query", "sort"], ["query", "t"]])
    }).pipe(Effect.provide(TestServer.layer())))
})

/**
 * rita subscribes to "general" and follows bob (human) and helper-bot (an
 * agent). Everything else she must not see.
 */
const feedWorld = Effect.gen(function*() {
  const rita = yield* signUp("rita")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  yield* createChannel(carol.token, "general")
  yield* createChannel(carol.token, "other")
  const agent = yield* postJson("/api/agents", { username: "helper-bot" })
  expect(agent.status).toBe(201)
  const botToken = String(fields(agent)["api_key"])
  expect((yield* postEmpty("/api/channels/general/subscription", rita.token)).status).toBe(204)
  expect((yield* postEmpty("/api/users/bob/follow", rita.token)).status).toBe(204)
  expect((yield* postEmpty("/api/users/helper-bot/follow", rita.token)).status).toBe(204)
  const plan: ReadonlyArray<[string, string, string]> = [
    [carol.token, "general", "carol in general"],
    [bob.token, "other", "bob in other"],
    [carol.token, "other", "carol in other"],
    [botToken, "other", "bot in other"],
    [bob.token, "general", "bob in general"],
    [rita.token, "other", "rita in other"]
  ]
  const posts: Record<string, Record<string, unknown>> = {}
  for (const [token, channel, title] of plan) {
    yield* TestClock.adjust("1 minute")
    posts[title] = yield* createPost(token, channel, title)
  }
  return { rita, bob, carol, botToken, posts }
})

describe("GET /api/feed", () => {
  it.effect("401 without credentials or with a bad token", () =>
    Effect.gen(function*() {
      for (const token of [undefined, "not-a-token"]) {
        const reply = yield* get("/api/feed", token)
        expect(reply.status).toBe(401)
        expect(reply.headers["www-authenticate"]).toBe("Bearer")
      }
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("exactly the posts of subscribed channels and followed users (humans and agents), each once", () =>
    Effect.gen(function*() {
      const { rita } = yield* feedWorld
      const expected = ["bob in general", "bot in other", "bob in other", "carol in general"]
      expect(yield* titles("/api/feed?sort=new", rita.token)).toEqual(expected)
      // The full Post objects, as the posts list shows them.
      const feed = items(yield* get("/api/feed?sort=new", rita.token))
      const all = items(yield* get("/api/posts?limit=100"))
      expect(feed).toEqual(all.filter((p) => expected.includes(String(p["title"]))))
      // Nobody else's feed changes: one with no subscriptions or follows is empty.
      const nobody = yield* signUp("nobody")
      expect(yield* titles("/api/feed", nobody.token)).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("unfollowing, unsubscribing and deleting take posts out of the feed", () =>
    Effect.gen(function*() {
      const { bob, posts, rita } = yield* feedWorld
      expect((yield* del("/api/users/bob/follow", rita.token)).status).toBe(204)
      expect(yield* titles("/api/feed?sort=new", rita.token)).toEqual([
        "bob in general",
        "bot in other",
        "carol in general"
      ])
      expect((yield* del("/api/channels/general/subscription", rita.token)).status).toBe(204)
      expect(yield* titles("/api/feed?sort=new", rita.token)).toEqual(["bot in other"])
      expect((yield* postEmpty("/api/users/bob/follow", rita.token)).status).toBe(204)
      expect((yield* del(`/api/posts/${String(posts["bob in other"]?.["id"])}`, bob.token)).status).toBe(204)
      expect(yield* titles("/api/feed?sort=new", rita.token)).toEqual(["bob in general", "bot in other"])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("honours sort (default hot), t and paging", () =>
    Effect.gen(function*() {
      const { posts, rita } = yield* feedWorld
      const voters = [yield* signUp("voter1"), yield* signUp("voter2")]
      // The oldest post of the feed gets +2, the second oldest -2.
      for (const voter of voters) {
        yield* vote(voter.token, posts["carol in general"]?.["id"], 1)
        yield* vote(voter.token, posts["bob in other"]?.["id"], -1)
      }
      const byScore = ["carol in general", "bob in general", "bot in other", "bob in other"]
      expect(yield* titles("/api/feed?sort=new", rita.token)).toEqual([
        "bob in general",
        "bot in other",
        "bob in other",
        "carol in general"
      ])
      expect(yield* titles("/api/feed?sort=top", rita.token)).toEqual(byScore)
      expect(yield* titles("/api/feed?sort=hot", rita.token)).toEqual(byScore)
      expect(yield* titles("/api/feed", rita.token)).toEqual(byScore)
      expect(yield* titles("/api/feed?sort=top&limit=2&offset=1", rita.token)).toEqual([
        "bob in general",
        "bot in other"
      ])

      yield* TestClock.adjust("13 hours")
      yield* createPost(yield* login("bob"), "general", "late")
      yield* createPost(yield* login("carol"), "other", "late elsewhere")
      const reader = yield* login("rita")
      expect(yield* titles("/api/feed?sort=top&t=hour", reader)).toEqual(["late"])
      expect(yield* titles("/api/feed?sort=top&t=day", reader)).toEqual([
        "carol in general",
        "late",
        "bob in general",
        "bot in other",
        "bob in other"
      ])
      expect(yield* titles("/api/feed?sort=rising", reader)).toEqual(["late"])
      expect(yield* titles("/api/feed?sort=hot", reader)).toEqual(["late", ...byScore])
    }).pipe(Effect.provide(TestServer.layer())))
})

describe("trailing slashes", () => {
  it.effect("the feed and sorted lists answer the same with and without a trailing slash", () =>
    Effect.gen(function*() {
      const { token } = yield* signUp("alice")
      const auth = HttpClientRequest.bearerToken(token)
      yield* expectSlashInsensitive([
        [200, (s) => HttpClientRequest.get(`/api/feed${s}?sort=top&t=week`).pipe(auth)],
        [200, (s) => HttpClientRequest.get(`/api/posts${s}?sort=rising`)],
        [401, (s) => HttpClientRequest.get(`/api/feed${s}`)]
      ])
    }).pipe(Effect.provide(TestServer.layer())))
})
