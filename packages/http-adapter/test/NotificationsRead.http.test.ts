/**
 * Reading notifications over HTTP: GET /api/notifications (unread_only, paging,
 * newest first) and POST /api/notifications/read (by id or all, only the
 * caller's), with their 401 and 422 answers and trailing slashes. The server
 * makes notifications off the request path (the NotificationWorker); the test
 * server does not run it in the background, so each test calls
 * `drainNotifications` between the writes and the reads and needs no sleeps.
 * TestClock: time starts at 1970.
 */
import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { errorBody, expectSlashInsensitive, get, iso, locs, postEmpty, postJson, send } from "./Http.js"
import { comment, list, thread } from "./NotificationsSetup.js"
import { drainNotifications, TestServer } from "@holonet/http-adapter/testing"

const markRead = (token: string, body: unknown) =>
  Effect.gen(function*() {
    const reply = yield* postJson("/api/notifications/read", body, token)
    expect({ status: reply.status, text: reply.text }).toEqual({ status: 204, text: "" })
  })

/** Three comments by bob on alice's post, a minute apart: alice has three notifications, newest first. */
const threeForAlice = Effect.gen(function*() {
  const world = yield* thread
  for (const content of ["one", "two", "three"]) {
    yield* TestClock.adjust("1 minute")
    yield* comment(world.bob.token, world.postId, content)
  }
  // carol follows bob, so bob has one of his own.
  expect((yield* postEmpty("/api/users/bob/follow", world.carol.token)).status).toBe(204)
  yield* drainNotifications
  const ids = (yield* list(world.alice.token)).map((n) => String(n["id"]))
  expect(ids).toHaveLength(3)
  return { ...world, ids }
})

const readAts = (token: string) => Effect.map(list(token), (ns) => ns.map((n) => n["read_at"]))

describe("GET /api/notifications and POST /api/notifications/read", () => {
  it.effect("mark some by id; unread_only true/1 hides them, false/0 or absent shows all; read_at is set once", () =>
    Effect.gen(function*() {
      const { alice, ids } = yield* threeForAlice
      const [newest, middle, oldest] = ids
      yield* TestClock.adjust("30 minutes")
      yield* markRead(alice.token, { ids: [middle] })
      const readAt = "1970-01-01T00:33:00.000Z"
      expect(yield* readAts(alice.token)).toEqual([null, readAt, null])
      for (const query of ["?unread_only=true", "?unread_only=1", "/?unread_only=true"]) {
        expect((yield* list(alice.token, query)).map((n) => n["id"])).toEqual([newest, oldest])
      }
      for (const query of ["?unread_only=false", "?unread_only=0", ""]) {
        expect((yield* list(alice.token, query)).map((n) => n["id"])).toEqual(ids)
      }
      // Marking again, or marking all, keeps the first read_at.
      yield* TestClock.adjust("1 minute")
      yield* markRead(alice.token, { ids: [middle, middle, "unknown-id"] })
      yield* markRead(alice.token, {})
      const later = "1970-01-01T00:34:00.000Z"
      expect(yield* readAts(alice.token)).toEqual([later, readAt, later])
      expect(yield* list(alice.token, "?unread_only=true")).toEqual([])
      expect(yield* markRead(alice.token, { ids: [] })).toBeUndefined()
      expect((yield* readAts(alice.token)).every((at) => typeof at === "string" && iso.test(at))).toBe(true)
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("a bare POST with no body (and no content type) marks all; so does an empty JSON body", () =>
    Effect.gen(function*() {
      const { alice, bob } = yield* threeForAlice
      const bare = yield* postEmpty("/api/notifications/read", alice.token)
      expect(bare.status).toBe(204)
      expect(yield* list(alice.token, "?unread_only=true")).toEqual([])
      expect(yield* list(bob.token, "?unread_only=true")).toHaveLength(1)
      const empty = yield* send(
        HttpClientRequest.post("/api/notifications/read/").pipe(
          HttpClientRequest.bearerToken(bob.token),
          HttpClientRequest.bodyText("", "application/json")
        )
      )
      expect(empty.status).toBe(204)
      expect(yield* list(bob.token, "?unread_only=true")).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("someone else's ids are not marked, neither by id nor by 'all'", () =>
    Effect.gen(function*() {
      const { alice, bob, carol, ids } = yield* threeForAlice
      yield* markRead(bob.token, { ids })
      yield* markRead(carol.token, { ids })
      expect(yield* readAts(alice.token)).toEqual([null, null, null])
      yield* markRead(bob.token, {})
      expect(yield* readAts(alice.token)).toEqual([null, null, null])
      expect(yield* readAts(bob.token)).toEqual(["1970-01-01T00:03:00.000Z"])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("paging, newest first", () =>
    Effect.gen(function*() {
      const { alice, ids } = yield* threeForAlice
      expect((yield* list(alice.token, "?limit=2")).map((n) => n["id"])).toEqual(ids.slice(0, 2))
      expect((yield* list(alice.token, "?limit=2&offset=2")).map((n) => n["id"])).toEqual(ids.slice(2))
      expect(yield* list(alice.token, "?unread_only=true&offset=3")).toEqual([])
      const contents = (yield* list(alice.token)).map((n) => n["created_at"])
      expect(contents).toEqual([...contents].sort().reverse())
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("422 for a bad unread_only, paging, ids (not an array, over 500) or unknown keys; nothing marked", () =>
    Effect.gen(function*() {
      const { alice, ids } = yield* threeForAlice
      for (const value of ["yes", "TRUE", "", "2"]) {
        const reply = yield* get(`/api/notifications?unread_only=${value}`, alice.token)
        expect(reply.status).toBe(422)
        expect(locs(reply)).toEqual([["query", "unread_only"]])
      }
      const paging = yield* get("/api/notifications?limit=0&offset=-1", alice.token)
      expect(locs(paging)).toEqual([["query", "limit"], ["query", "offset"]])

      const tooMany = yield* postJson(
        "/api/notifications/read",
        { ids: Array.from({ length: 501 }, () => ids[0]) },
        alice.token
      )
      expect(tooMany.status).toBe(422)
      expect(locs(tooMany)).toEqual([["body", "ids"]])
      const bodies: ReadonlyArray<[unknown, ReadonlyArray<unknown>]> = [
        [{ ids: "all" }, [["body", "ids"]]],
        [{ ids: [5] }, [["body", "ids", 0]]],
        [{ idz: [ids[0]] }, [["body", "idz"]]],
        [[], [["body"]]],
        [null, [["body"]]]
      ]
      for (const [body, expected] of bodies) {
        const reply = yield* postJson("/api/notifications/read", body, alice.token)
        expect({ body, status: reply.status }).toEqual({ body, status: 422 })
        expect(locs(reply)).toEqual(expected)
      }
      const malformed = yield* send(
        HttpClientRequest.post("/api/notifications/read").pipe(
          HttpClientRequest.bearerToken(alice.token),
          HttpClientRequest.bodyText("{\"ids\": [", "application/json")
        )
      )
      expect(malformed.status).toBe(422)
      expect(locs(malformed)).toEqual([["body"]])
      const text = yield* send(
        HttpClientRequest.post("/api/notifications/read").pipe(
          HttpClientRequest.bearerToken(alice.token),
          HttpClientRequest.bodyText("ids=1", "text/plain")
        )
      )
      expect(text.status).toBe(415)
      expect(yield* readAts(alice.token)).toEqual([null, null, null])

      const exactly500 = yield* postJson("/api/notifications/read", {
        ids: Array.from({ length: 500 }, (_, i) => ids[i % 3])
      }, alice.token)
      expect(exactly500.status).toBe(204)
      expect(yield* list(alice.token, "?unread_only=true")).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("both routes need credentials (401)", () =>
    Effect.gen(function*() {
      yield* threeForAlice
      const replies = [
        yield* get("/api/notifications"),
        yield* get("/api/notifications", "bogus"),
        yield* postEmpty("/api/notifications/read"),
        yield* postJson("/api/notifications/read", {}, "bogus")
      ]
      for (const reply of replies) {
        expect(reply.status).toBe(401)
        expect(reply.headers["www-authenticate"]).toBe("Bearer")
        expect(reply.body).toEqual(expect.objectContaining({ detail: expect.any(String) }))
      }
      expect(replies[0]?.body).toEqual(errorBody("Not authenticated", "unauthenticated"))
    }).pipe(Effect.provide(TestServer.layer())))

  it.effect("both routes answer the same with and without a trailing slash", () =>
    Effect.gen(function*() {
      const { alice, ids } = yield* threeForAlice
      const auth = HttpClientRequest.bearerToken(alice.token)
      yield* expectSlashInsensitive([
        [200, (s) => HttpClientRequest.get(`/api/notifications${s}?unread_only=1`).pipe(auth)],
        [204, (s, i) =>
          HttpClientRequest.post(`/api/notifications/read${s}`).pipe(
            auth,
            HttpClientRequest.bodyUnsafeJson({ ids: [ids[i]] })
          )],
        [204, (s) => HttpClientRequest.post(`/api/notifications/read${s}`).pipe(auth)],
        [401, (s) => HttpClientRequest.get(`/api/notifications${s}`)]
      ])
      expect(yield* list(alice.token, "?unread_only=true")).toEqual([])
    }).pipe(Effect.provide(TestServer.layer())))
})
