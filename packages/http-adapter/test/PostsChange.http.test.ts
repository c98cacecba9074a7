/**
 * Posts over HTTP: create, read, list with filters, edit by the author,
 * soft delete by the author or a channel moderator. Each test runs its own
 * server over a fresh in-memory domain (TestClock: time starts at 1970).
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { createChannel, createPost, del, errorBody, fields, get, items, locs, patchJson, postJson, send, signUp, uuidV7 } from "./Http.js"
import { makeTestServer } from "@holonet/http-adapter/testing"

const titles = (path = "/api/posts?limit=100") => Effect.map(get(path), (reply) => items(reply).map((p) => p["title"]))

const postCount = (channel: string) =>
  Effect.map(get(`/api/channels/${channel}`), (reply) => fields(reply)["post_count"])

/** alice moderates "general"; bob and carol are plain members. */
const community = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  const general = yield* createChannel(alice.token, "general")
  return { alice, bob, carol, general, generalId: String(general["id"]) }
})

describe("POST /api/posts", () => {
  it.effect("201 with the Post, authored by the caller; channel_id may be a name or an id", () =>
    Effect.gen(function*() {
      const { bob, generalId } = yield* community
      yield* TestClock.adjust("10 minutes")
      const byName = yield* postJson(
        "/api/posts",
        { title: "  Hello Holonet  ", content: "First post", channel_id: "general", flair: " news " },
        bob.token
      )
      expect(byName.status).toBe(201)
      expect(byName.body).toEqual({
        id: expect.stringMatching(uuidV7),
        title: "Hello Holonet",
        content: "First post",
        channel_id: generalId,
        flair: "news",
        author_id: bob.id,
        upvotes: 0,
        downvotes: 0,
        score: 0,
        comment_count: 0,
        created_at: "1970-01-01T00:10:00.000Z",
        updated_at: "1970-01-01T00:10:00.000Z"
      })
      const byId = yield* postJson("/api/posts/", { title: "Second", content: "", channel_id: generalId }, bob.token)
      expect(byId.status).toBe(201)
      expect(byId.body).toEqual(
        expect.objectContaining({ title: "Second", content: "", channel_id: generalId, flair: null, author_id: bob.id })
      )
      expect(yield* postCount("general")).toBe(2)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("404 naming an unknown channel; 422 per bad field; 401, 415; nothing stored", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      const unknown = yield* postJson("/api/posts", { title: "Hi", content: "x", channel_id: "nowhere" }, bob.token)
      expect(unknown.status).toBe(404)
      expect(unknown.body).toEqual(errorBody("Channel 'nowhere' not found", "channel_not_found"))

      const longTitle = yield* postJson(
        "/api/posts",
        { title: "t".repeat(301), content: "x", channel_id: "general" },
        bob.token
      )
      expect(longTitle.status).toBe(422)
      expect(longTitle.body).toEqual({
        detail: [{
          loc: ["body", "title"],
          msg: `Expected a string at most 300 character(s) long, actual "${"t".repeat(301)}"`,
          type: "refinement"
        }]
      })
      const exactly300 = yield* postJson(
        "/api/posts",
        { title: "t".repeat(300), content: "x", channel_id: "general" },
        bob.token
      )
      expect(exactly300.status).toBe(201)
      const before = yield* titles()

      for (const title of ["", "   "]) {
        const reply = yield* postJson("/api/posts", { title, content: "x", channel_id: "general" }, bob.token)
        expect(reply.status).toBe(422)
        expect(fields(reply)["detail"]).toEqual([expect.objectContaining({ loc: ["body", "title"], type: "refinement" })])
      }
      const longContent = yield* postJson(
        "/api/posts",
        { title: "Hi", content: "c".repeat(40_001), channel_id: "general" },
        bob.token
      )
      expect(longContent.status).toBe(422)
      expect(fields(longContent)["detail"]).toEqual([
        expect.objectContaining({ loc: ["body", "content"], type: "refinement" })
      ])
      const missing = yield* postJson("/api/posts", {}, bob.token)
      expect(missing.body).toEqual({
        detail: [
          { loc: ["body", "title"], msg: "is missing", type: "missing" },
          { loc: ["body", "content"], msg: "is missing", type: "missing" },
          { loc: ["body", "channel_id"], msg: "is missing", type: "missing" }
        ]
      })
      const wrongTypes = yield* postJson("/api/posts", { title: 5, content: ["x"], channel_id: "general" }, bob.token)
      expect(locs(wrongTypes)).toEqual([
        ["body", "title"],
        ["body", "content"]
      ])

      const anonymous = yield* postJson("/api/posts", { title: "Hi", content: "x", channel_id: "general" })
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers["www-authenticate"]).toBe("Bearer")
      const text = yield* send(
        HttpClientRequest.post("/api/posts").pipe(
          HttpClientRequest.bearerToken(bob.token),
          HttpClientRequest.bodyText("title=Hi", "text/plain")
        )
      )
      expect(text.status).toBe(415)
      const malformed = yield* send(
        HttpClientRequest.post("/api/posts").pipe(
          HttpClientRequest.bearerToken(bob.token),
          HttpClientRequest.bodyText("{\"title\": \"Hi\", ", "application/json")
        )
      )
      expect(malformed.status).toBe(422)
      expect(malformed.body).toEqual({
        detail: [{ loc: ["body"], msg: "Request body is not valid JSON", type: "json_invalid" }]
      })
      expect(yield* titles()).toEqual(before)
      expect(yield* postCount("general")).toBe(1)
    }).pipe(Effect.provide(makeTestServer())))
})

describe("GET /api/posts/{id} and /api/posts", () => {
  it.effect("GET by id answers the Post; unknown id is 404; an over-long id is 422 at [path, id]", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      const post = yield* createPost(bob.token, "general", "Hello")
      for (const path of [`/api/posts/${post["id"]}`, `/api/posts/${post["id"]}/`]) {
        const reply = yield* get(path)
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual(post)
      }
      const missing = yield* get("/api/posts/0190a5f2-0000-7000-8000-000000000000")
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual(
        errorBody("Post '0190a5f2-0000-7000-8000-000000000000' not found", "post_not_found")
      )
      const tooLong = yield* get(`/api/posts/${"a".repeat(65)}?limit=5`)
      expect(tooLong.status).toBe(422)
      expect(fields(tooLong)["detail"]).toEqual([expect.objectContaining({ loc: ["path", "id"], type: "refinement" })])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("the list is newest first, filtered by channel (name or id), author and author_type, paged", () =>
    Effect.gen(function*() {
      const { alice, bob, generalId } = yield* community
      yield* createChannel(alice.token, "other")
      const plan: ReadonlyArray<[string, string, string]> = [
        [bob.token, "general", "b1"],
        [alice.token, "other", "a1"],
        [bob.token, "other", "b2"],
        [alice.token, "general", "a2"],
        [bob.token, "general", "b3"]
      ]
      for (const [token, channel, title] of plan) {
        yield* TestClock.adjust("1 minute")
        yield* createPost(token, channel, title)
      }
      expect(yield* titles("/api/posts")).toEqual(["b3", "a2", "b2", "a1", "b1"])
      expect(yield* titles("/api/posts/?sort=new")).toEqual(["b3", "a2", "b2", "a1", "b1"])
      expect(yield* titles("/api/posts?channel=general")).toEqual(["b3", "a2", "b1"])
      expect(yield* titles(`/api/posts?channel=${generalId}`)).toEqual(["b3", "a2", "b1"])
      expect(yield* titles("/api/posts?author=bob")).toEqual(["b3", "b2", "b1"])
      expect(yield* titles("/api/posts?author=BOB&channel=other")).toEqual(["b2"])
      expect(yield* titles("/api/posts?author_type=human")).toEqual(["b3", "a2", "b2", "a1", "b1"])
      expect(yield* titles("/api/posts?author_type=agent")).toEqual([])
      expect(yield* titles("/api/posts?limit=2&offset=1")).toEqual(["a2", "b2"])
      expect(yield* titles("/api/posts?offset=5")).toEqual([])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("default limit is 20; ties in time are broken by id, deterministically", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      for (let i = 0; i < 22; i++) yield* createPost(bob.token, "general", `p${i}`)
      const page = items(yield* get("/api/posts"))
      expect(page).toHaveLength(20)
      const all = items(yield* get("/api/posts?limit=100"))
      const ids = all.map((p) => String(p["id"]))
      expect(ids).toEqual([...ids].sort().reverse())
      expect(page).toEqual(all.slice(0, 20))
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("404 for an unknown channel or author filter; 422 for bad sort, author_type, limit, offset", () =>
    Effect.gen(function*() {
      const noChannel = yield* get("/api/posts?channel=nowhere")
      expect(noChannel.status).toBe(404)
      expect(noChannel.body).toEqual(errorBody("Channel 'nowhere' not found", "channel_not_found"))
      const noAuthor = yield* get("/api/posts/?author=ghost")
      expect(noAuthor.status).toBe(404)
      expect(noAuthor.body).toEqual(errorBody("User 'ghost' not found", "user_not_found"))

      const cases: ReadonlyArray<[string, string]> = [
        ["sort=bogus", "sort"],
        ["sort=", "sort"],
        ["author_type=robot", "author_type"],
        ["limit=0", "limit"],
        ["limit=101", "limit"],
        ["limit=abc", "limit"],
        ["offset=-1", "offset"],
        ["offset=abc", "offset"]
      ]
      for (const [query, field] of cases) {
        for (const path of ["/api/posts", "/api/posts/"]) {
          const reply = yield* get(`${path}?${query}`)
          expect(reply.status).toBe(422)
          expect(reply.body).toEqual({
            detail: [{ loc: ["query", field], msg: expect.any(String), type: expect.any(String) }]
          })
        }
      }
      const boundaries = yield* get("/api/posts?limit=100&offset=0")
      expect(boundaries.status).toBe(200)
      expect((yield* get("/api/posts?limit=1")).status).toBe(200)
    }).pipe(Effect.provide(makeTestServer())))
})

describe("PATCH /api/posts/{id}", () => {
  it.effect("the author changes title, content and flair; updated_at moves, nothing else does", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      const post = yield* createPost(bob.token, "general", "Draft", "v1")
      yield* TestClock.adjust("5 minutes")
      const edited = yield* patchJson(`/api/posts/${post["id"]}`, { title: "  Final  ", content: "v2" }, bob.token)
      expect(edited.status).toBe(200)
      expect(edited.body).toEqual({
        ...post,
        title: "Final",
        content: "v2",
        updated_at: "1970-01-01T00:05:00.000Z"
      })
      const flair = yield* patchJson(`/api/posts/${post["id"]}/`, { flair: "solved" }, bob.token)
      expect(flair.status).toBe(200)
      expect(flair.body).toEqual({ ...fields(edited), flair: "solved" })
      expect((yield* get(`/api/posts/${post["id"]}`)).body).toEqual(flair.body)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("422 for upvotes, author_id or other fields, and the post is unchanged", () =>
    Effect.gen(function*() {
      const { bob, carol } = yield* community
      const post = yield* createPost(bob.token, "general", "Mine")
      const sneaky = yield* patchJson(
        `/api/posts/${post["id"]}`,
        { title: "Hijacked", upvotes: 1000, author_id: carol.id },
        bob.token
      )
      expect(sneaky.status).toBe(422)
      expect(sneaky.body).toEqual({
        detail: [
          { loc: ["body", "upvotes"], msg: expect.stringContaining("is unexpected"), type: "unexpected" },
          { loc: ["body", "author_id"], msg: expect.stringContaining("is unexpected"), type: "unexpected" }
        ]
      })
      for (const body of [{ score: 5 }, { channel_id: "other" }, { comment_count: 3 }, { id: "x" }]) {
        const reply = yield* patchJson(`/api/posts/${post["id"]}`, body, bob.token)
        expect(reply.status).toBe(422)
      }
      const longTitle = yield* patchJson(`/api/posts/${post["id"]}`, { title: "t".repeat(301) }, bob.token)
      expect(longTitle.status).toBe(422)
      expect(fields(longTitle)["detail"]).toEqual([expect.objectContaining({ loc: ["body", "title"] })])
      expect((yield* get(`/api/posts/${post["id"]}`)).body).toEqual(post)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("403 for a non-author, even the channel's moderator; 404 unknown post; 401 anonymous", () =>
    Effect.gen(function*() {
      const { alice, bob, carol } = yield* community
      const post = yield* createPost(bob.token, "general", "Mine")
      for (const token of [carol.token, alice.token]) {
        const reply = yield* patchJson(`/api/posts/${post["id"]}`, { title: "Not yours" }, token)
        expect(reply.status).toBe(403)
        expect(reply.body).toEqual(errorBody("Only the author can edit this post", "permission_denied"))
      }
      const missing = yield* patchJson("/api/posts/unknown-id", { title: "x" }, bob.token)
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual(errorBody("Post 'unknown-id' not found", "post_not_found"))
      const anonymous = yield* patchJson(`/api/posts/${post["id"]}`, { title: "x" })
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers["www-authenticate"]).toBe("Bearer")
      expect((yield* get(`/api/posts/${post["id"]}`)).body).toEqual(post)
    }).pipe(Effect.provide(makeTestServer())))
})

describe("DELETE /api/posts/{id}", () => {
  it.effect("the author deletes (204); the post is then 404 everywhere and leaves the list and counter", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      const keep = yield* createPost(bob.token, "general", "Keep")
      const gone = yield* createPost(bob.token, "general", "Gone")
      const id = String(gone["id"])
      expect(yield* postCount("general")).toBe(2)

      const deleted = yield* del(`/api/posts/${id}/`, bob.token)
      expect(deleted.status).toBe(204)
      expect(deleted.text).toBe("")

      const read = yield* get(`/api/posts/${id}`)
      expect(read.status).toBe(404)
      expect(read.body).toEqual(errorBody(`Post '${id}' not found`, "post_not_found"))
      expect(yield* titles()).toEqual(["Keep"])
      expect(yield* titles("/api/posts?author=bob&channel=general")).toEqual(["Keep"])
      expect(yield* postCount("general")).toBe(1)
      expect((yield* patchJson(`/api/posts/${id}`, { title: "Back" }, bob.token)).status).toBe(404)
      const twice = yield* del(`/api/posts/${id}`, bob.token)
      expect(twice.status).toBe(404)
      expect(twice.body).toEqual(errorBody(`Post '${id}' not found`, "post_not_found"))
      expect((yield* get(`/api/posts/${keep["id"]}`)).status).toBe(200)
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("the channel's moderator may delete another's post; other users (even moderators elsewhere) get 403", () =>
    Effect.gen(function*() {
      const { alice, bob, carol } = yield* community
      yield* createChannel(carol.token, "carols")
      const post = yield* createPost(bob.token, "general", "Bob's")

      const stranger = yield* del(`/api/posts/${post["id"]}`, carol.token)
      expect(stranger.status).toBe(403)
      expect(stranger.body).toEqual(
        errorBody("Only the author or a moderator of the channel can delete this post", "permission_denied")
      )
      expect((yield* get(`/api/posts/${post["id"]}`)).body).toEqual(post)
      const anonymous = yield* del(`/api/posts/${post["id"]}`)
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers["www-authenticate"]).toBe("Bearer")

      const moderator = yield* del(`/api/posts/${post["id"]}`, alice.token)
      expect(moderator.status).toBe(204)
      expect((yield* get(`/api/posts/${post["id"]}`)).status).toBe(404)
      expect(yield* titles()).toEqual([])
    }).pipe(Effect.provide(makeTestServer())))

  it.effect("404 for an unknown post; 422 for an over-long id at [path, id]", () =>
    Effect.gen(function*() {
      const { bob } = yield* community
      const missing = yield* del("/api/posts/unknown-id", bob.token)
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual(errorBody("Post 'unknown-id' not found", "post_not_found"))
      const tooLong = yield* del(`/api/posts/${"a".repeat(65)}`, bob.token)
      expect(tooLong.status).toBe(422)
      expect(fields(tooLong)["detail"]).toEqual([expect.objectContaining({ loc: ["path", "id"], type: "refinement" })])
    }).pipe(Effect.provide(makeTestServer())))
})
