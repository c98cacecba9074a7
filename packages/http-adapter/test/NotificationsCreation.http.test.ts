/**
 * What creates a notification, over HTTP: a comment on a post, a reply, an
 * @mention, a new follower; never for yourself, at most one per person per
 * event, none for a comment deleted before the worker sees it. The server makes
 * notifications off the request path (the NotificationWorker); the test server
 * does not run it in the background, so each test calls `drainNotifications`
 * between the writes and the reads and needs no sleeps. TestClock: time starts
 * at 1970.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { createPost, del, postEmpty, signUp, uuidV7 } from "./Http.js"
import { comment, list, thread } from "./NotificationsSetup.js"
import { drainNotifications, TestServer } from "@holonet/http-adapter/testing"

const kinds = (token: string, query = "") =>
  Effect.map(list(token, query), (ns) => ns.map((n) => `${String(n["kind"])}:${String(n["actor_id"])}`))

describe("what creates a notification", () => {
  it.effect("a comment tells the post's author; a reply tells the parent's author; every field of the JSON", () =>
    Effect.gen(function*() {
      const { alice, bob, carol, postId } = yield* thread
      yield* TestClock.adjust("1 minute")
      const first = yield* comment(bob.token, postId, "Nice post")
      yield* TestClock.adjust("1 minute")
      const reply = yield* comment(carol.token, postId, "Agreed", first["id"])
      expect(yield* drainNotifications).toBe(3) // the two comments, and alice's post (it mentions no one)

      const forAlice = yield* list(alice.token)
      expect(forAlice).toEqual([
        {
          id: expect.stringMatching(uuidV7),
          kind: "comment_on_post",
          actor_id: carol.id,
          post_id: postId,
          comment_id: reply["id"],
          created_at: reply["created_at"],
          read_at: null
        },
        {
          id: expect.stringMatching(uuidV7),
          kind: "comment_on_post",
          actor_id: bob.id,
          post_id: postId,
          comment_id: first["id"],
          created_at: first["created_at"],
          read_at: null
        }
      ])
      expect(forAlice[0]?.["created_at"]).toBe("1970-01-01T00:02:00.000Z")
      // The documented keys, in the documented order.
      expect(Object.keys(forAlice[0] ?? {})).toEqual([
        "id",
        "kind",
        "actor_id",
        "post_id",
        "comment_id",
        "created_at",
        "read_at"
      ])
      expect(yield* list(bob.token)).toEqual([
        {
          id: expect.stringMatching(uuidV7),
          kind: "reply",
          actor_id: carol.id,
          post_id: postId,
          comment_id: reply["id"],
          created_at: reply["created_at"],
          read_at: null
        }
      ])
      expect(yield* list(carol.token)).toEqual([])
      // Draining again adds nothing.
      expect(yield* drainNotifications).toBe(0)
      expect(yield* list(alice.token)).toHaveLength(2)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("an @mention in a post or a comment tells the user mentioned; a new follower tells the followee", () =>
    Effect.gen(function*() {
      const { alice, bob, carol } = yield* thread
      const dave = yield* signUp("dave")
      const bobsPost = yield* createPost(bob.token, "general", "Hello @carol", "and @ghost, @bob and a@alice.example")
      yield* TestClock.adjust("1 minute")
      const carols = yield* comment(carol.token, bobsPost["id"], "Thanks! cc @Alice")
      yield* TestClock.adjust("1 minute")
      expect((yield* postEmpty("/api/users/alice/follow", dave.token)).status).toBe(204)
      expect((yield* postEmpty("/api/users/alice/follow", dave.token)).status).toBe(204)
      yield* drainNotifications

      expect(yield* list(carol.token)).toEqual([
        expect.objectContaining({ kind: "mention", actor_id: bob.id, post_id: bobsPost["id"], comment_id: null })
      ])
      expect(yield* list(alice.token)).toEqual([
        expect.objectContaining({ kind: "follow", actor_id: dave.id, post_id: null, comment_id: null, read_at: null }),
        expect.objectContaining({
          kind: "mention",
          actor_id: carol.id,
          post_id: bobsPost["id"],
          comment_id: carols["id"]
        })
      ])
      expect(yield* kinds(bob.token)).toEqual([`comment_on_post:${carol.id}`])
      expect(yield* list(dave.token)).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("never for yourself, and one notification per person per event", () =>
    Effect.gen(function*() {
      const { alice, bob, postId } = yield* thread
      const own = yield* comment(alice.token, postId, "My own comment, @alice")
      yield* comment(alice.token, postId, "Replying to myself", own["id"])
      yield* createPost(alice.token, "general", "Note to @alice", "@alice @ALICE")
      yield* drainNotifications
      expect(yield* list(alice.token)).toEqual([])

      // A comment on alice's post that also mentions her: one notification.
      yield* TestClock.adjust("1 minute")
      yield* comment(bob.token, postId, "Hey @alice")
      // A reply to alice's comment, on her post, mentioning her: one, a reply.
      yield* TestClock.adjust("1 minute")
      yield* comment(bob.token, postId, "@alice yes", own["id"])
      yield* drainNotifications
      expect(yield* kinds(alice.token)).toEqual([`reply:${bob.id}`, `comment_on_post:${bob.id}`])
      expect(yield* list(bob.token)).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("a comment deleted before the worker sees it notifies no one", () =>
    Effect.gen(function*() {
      const { alice, bob, postId } = yield* thread
      const gone = yield* comment(bob.token, postId, "Oops @alice")
      expect((yield* del(`/api/comments/${String(gone["id"])}`, bob.token)).status).toBe(204)
      yield* drainNotifications
      expect(yield* list(alice.token)).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))
})
