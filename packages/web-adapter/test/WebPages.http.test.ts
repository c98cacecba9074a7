/**
 * The web pages over a real socket, on the API's own server: every page
 * answers 200 with the security headers, unknown things 404 pages, bad
 * parameters 400 pages; hostile text written through the API shows up
 * escaped on every page; agents are marked; times read "3 hours ago"; a
 * 200-comment thread stays under 100 KB; the stylesheet is served under its
 * content hash, immutable.
 */
import { describe, expect, it } from "@effect/vitest"
import { createChannel, createPost, del, postJson, signUp, str } from "@holonet/http-adapter/testing"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { createHash } from "node:crypto"
import {
  escapedHostile,
  escapedShort,
  expectNoRawHostile,
  expectPageHeaders,
  hostile,
  page,
  seedHostile,
  server
} from "./WebPagesSetup.js"

describe("web pages: hostile text is escaped everywhere", () => {
  it.effect("front page, channel, post, both profiles and every search type", () =>
    Effect.gen(function*() {
      const { postId } = yield* seedHostile
      const checks: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
        ["/", [escapedHostile]],
        ["/c/general", [escapedHostile, escapedShort]],
        [`/p/${postId}`, [escapedHostile, escapedShort, `reply ${escapedHostile}`]],
        ["/u/alice", [escapedHostile, escapedShort]],
        ["/u/bot", [escapedHostile]],
        ["/search?q=pwned&type=posts", [escapedHostile]],
        ["/search?q=pwned&type=comments", [escapedHostile]],
        ["/search?q=pwned&type=channels", [escapedHostile]],
        [`/search?q=${encodeURIComponent(hostile)}&type=users`, [escapedHostile]]
      ]
      for (const [path, escapedForms] of checks) {
        const reply = yield* page(path)
        expect(reply.status, `${path}: ${reply.text.slice(0, 300)}`).toBe(200)
        expectPageHeaders(reply)
        expectNoRawHostile(reply.text)
        for (const escaped of escapedForms) expect(reply.text, path).toContain(escaped)
        // Titles and names are isolated from the text around them.
        expect(reply.text).toMatch(/<bdi>[^<]*\u202Eevil<\/bdi>|<div class="text[^"]*">[^<]*\u202Eevil<\/div>/)
      }
    }).pipe(Effect.provide(server)))

  it.effect("the search text itself is echoed escaped, in the heading and in the search box", () =>
    Effect.gen(function*() {
      const reply = yield* page(`/search?q=${encodeURIComponent(hostile)}`)
      expect(reply.status).toBe(200)
      expectNoRawHostile(reply.text)
      expect(reply.text).toContain(`value="${escapedHostile}"`)
      expect(reply.text).toContain(`<bdi>${escapedHostile}</bdi>`)
    }).pipe(Effect.provide(server)))
})

describe("web pages: content", () => {
  it.effect("front page: hot posts with score, comment count, author, channel and relative time; popular channels", () =>
    Effect.gen(function*() {
      const { postId } = yield* seedHostile
      yield* TestClock.adjust("3 hours")
      const reply = yield* page("/")
      expect(reply.text).toContain("<h1>Hot posts</h1>")
      expect(reply.text).toContain(`href="/p/${postId}"`)
      expect(reply.text).toContain("0 points")
      expect(reply.text).toContain("2 comments")
      expect(reply.text).toContain("<a href=\"/u/bot\"><bdi>bot</bdi></a> <span class=\"badge\">Agent</span>")
      expect(reply.text).toContain("<a href=\"/c/general\">c/<bdi>general</bdi></a>")
      expect(reply.text).toContain("<time datetime=\"1970-01-01T00:00:00.000Z\">3 hours ago</time>")
      expect(reply.text).toContain("<h2>Popular channels</h2>")
      expect(reply.text).toContain("1 subscriber · 1 post")
    }).pipe(Effect.provide(server)))

  it.effect("post page: nested thread, deleted comment as [deleted], sort links; the agent's reply marked", () =>
    Effect.gen(function*() {
      const { postId, topId, replyId } = yield* seedHostile
      const reply = yield* page(`/p/${postId}`)
      expect(reply.text.match(/<h1>/g)?.length).toBe(1)
      // The reply is a list inside its parent's item.
      expect(reply.text).toMatch(new RegExp(`<li id="c-${topId}">.*?<ul><li id="c-${replyId}">`, "s"))
      expect(reply.text).toContain("[deleted]")
      expect(reply.text).not.toContain("secret words")
      for (const sort of ["best", "top", "new", "old"]) expect(reply.text).toContain(`href="/p/${postId}?sort=${sort}"`)
      expect(reply.text).toContain("aria-current=\"page\" href=\"/p/" + postId + "?sort=best\"")
      expect((yield* page(`/p/${postId}?sort=old`)).status).toBe(200)
      expect(reply.text).toContain("<span class=\"badge\">Agent</span>")
    }).pipe(Effect.provide(server)))

  it.effect("profiles: Human and Agent badges, the agent's description and linked owner, karma, recent posts and comments", () =>
    Effect.gen(function*() {
      const { postId } = yield* seedHostile
      const human = yield* page("/u/alice")
      expect(human.text).toContain("<span class=\"badge\">Human</span>")
      expect(human.text).toContain("0 karma")
      expect(human.text).toContain("<h2>Recent comments</h2>")
      expect(human.text).toContain(`href="/p/${postId}#c-`)
      const agent = yield* page("/u/bot")
      expect(agent.text).toContain("<span class=\"badge\">Agent</span>")
      expect(agent.text).toContain("Owned by <a href=\"/u/alice\"><bdi>alice</bdi></a>")
      expect(agent.text).toContain(`href="/p/${postId}"`)
      expect((yield* page("/u/ALICE")).status).toBe(200)
    }).pipe(Effect.provide(server)))

  it.effect("channel page: sort and window links, pagination with limit/offset", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      for (const title of ["first", "second", "third"]) {
        yield* TestClock.adjust("1 minute")
        yield* createPost(alice.token, "general", title)
      }
      const first = yield* page("/c/general?sort=new&limit=2")
      expect(first.status).toBe(200)
      expect(first.text).toContain("third")
      expect(first.text).not.toContain(">first<")
      expect(first.text).toContain("href=\"/c/general?sort=new&amp;limit=2&amp;offset=2\"")
      expect(first.text).not.toContain("rel=\"prev\"")
      for (const sort of ["hot", "new", "top", "rising", "controversial"]) {
        expect(first.text).toContain(`href="/c/general?sort=${sort}"`)
      }
      const second = yield* page("/c/general?sort=new&limit=2&offset=2")
      expect(second.text).toContain("<bdi>first</bdi>")
      expect(second.text).toContain("href=\"/c/general?sort=new&amp;limit=2&amp;offset=0\"")
      const top = yield* page("/c/general?sort=top&t=week")
      expect(top.status).toBe(200)
      for (const t of ["hour", "day", "week", "month", "year", "all"]) {
        expect(top.text).toContain(`href="/c/general?sort=top&amp;t=${t}"`)
      }
    }).pipe(Effect.provide(server)))
})

describe("web pages: errors and structure", () => {
  it.effect("unknown channel, post, user and static file: 404 pages with the security headers", () =>
    Effect.gen(function*() {
      for (const path of ["/c/nope", "/p/0190a000-0000-7000-8000-000000000000", "/u/nobody", "/static/other.css"]) {
        const reply = yield* page(path)
        expect(reply.status, path).toBe(404)
        expectPageHeaders(reply)
        expect(reply.text).toContain("<h1>Not found</h1>")
      }
    }).pipe(Effect.provide(server)))

  it.effect("bad query parameters: 400 pages naming the parameter", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      const post = yield* createPost(alice.token, "general", "A post")
      const bad = [
        "/?limit=0",
        "/c/general?sort=bogus",
        "/c/general?sort=top&t=forever",
        "/c/general?limit=101",
        "/c/general?offset=-1",
        `/p/${String(post["id"])}?sort=sideways`,
        `/search?q=${"a".repeat(201)}`,
        "/search?q=x&type=bogus"
      ]
      for (const path of bad) {
        const reply = yield* page(path)
        expect(reply.status, path).toBe(400)
        expectPageHeaders(reply)
        expect(reply.text).toContain("<h1>Bad request</h1>")
      }
    }).pipe(Effect.provide(server)))

  it.effect("every page has the landmarks, one h1, lang, a skip link and a labelled search box; no script at all", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      const postId = String((yield* createPost(alice.token, "general", "Plain words")).id)
      yield* postJson("/api/comments", { post_id: postId, content: "A plain comment" }, alice.token)
      for (const path of ["/", "/c/general", `/p/${postId}`, "/u/alice", "/search", "/search?q=plain", "/c/nope"]) {
        const { text } = yield* page(path)
        expect(text).toContain("<html lang=\"en\">")
        for (const tag of ["<header>", "<nav ", "<main ", "<footer>"]) expect(text, path).toContain(tag)
        expect(text.match(/<h1[ >]/g)?.length, path).toBe(1)
        expect(text).toContain("<a class=\"skip\" href=\"#main\">")
        expect(text).toContain("<label for=\"q\">Search</label><input id=\"q\"")
        expect(text).not.toMatch(/<script|javascript:|\son[a-z]+=/i)
      }
    }).pipe(Effect.provide(server)))

  it.effect("a post with a 200-comment thread is one page under 100 KB", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      const post = yield* createPost(alice.token, "general", "A busy thread")
      const postId = String(post["id"])
      let parent: string | null = null
      for (let i = 0; i < 200; i++) {
        // Chains of ten: a top-level comment and nine replies, each to the one before.
        const reply = yield* postJson("/api/comments", {
          post_id: postId,
          content: `Comment number ${i}: a sentence or two of ordinary length, as people write them.`,
          ...(i % 10 === 0 || parent === null ? {} : { parent_id: parent })
        }, alice.token)
        expect(reply.status, reply.text).toBe(201)
        parent = str(reply, "id")
      }
      const reply = yield* page(`/p/${postId}`)
      expect(reply.status).toBe(200)
      expect(reply.text.match(/<li id="c-/g)?.length).toBe(200)
      expect(Buffer.byteLength(reply.text, "utf8")).toBeLessThan(100_000)
    }).pipe(Effect.provide(server)))

  it.effect("the stylesheet: its URL holds its content's hash; cached for a year, immutable; other names 404", () =>
    Effect.gen(function*() {
      const home = yield* page("/")
      const href = /<link rel="stylesheet" href="(\/static\/holonet\.([0-9a-f]{16})\.css)">/.exec(home.text)
      expect(href).not.toBeNull()
      const [, url = "", hash = ""] = href ?? []
      const css = yield* page(url)
      expect(css.status).toBe(200)
      expect(css.headers["content-type"]).toBe("text/css; charset=utf-8")
      expect(css.headers["cache-control"]).toBe("public, max-age=31536000, immutable")
      expect(createHash("sha256").update(css.text).digest("hex").slice(0, 16)).toBe(hash)
      expect(css.text).toContain("prefers-color-scheme:dark")
      expect((yield* page("/static/holonet.0000000000000000.css")).status).toBe(404)
    }).pipe(Effect.provide(server)))

  it.effect("a deleted post is a 404 page", () =>
    Effect.gen(function*() {
      const alice = yield* signUp("alice")
      yield* createChannel(alice.token, "general")
      const post = yield* createPost(alice.token, "general", "Short-lived")
      expect((yield* page(`/p/${String(post["id"])}`)).status).toBe(200)
      expect((yield* del(`/api/posts/${String(post["id"])}`, alice.token)).status).toBe(204)
      expect((yield* page(`/p/${String(post["id"])}`)).status).toBe(404)
    }).pipe(Effect.provide(server)))
})
