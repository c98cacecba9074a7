/**
 * The tour's social graph, feeds, notifications and search. Notifications
 * come from the server's background worker, so a read that expects them
 * polls (with a deadline) until they are all there before it is recorded.
 */
import type { Reply } from "@holonet/http-adapter/testing"
import { Effect } from "effect"
import type { Accounts } from "./AccountsTour.js"
import type { Tour } from "./Transcript.js"

export const follows = (t: Tour, who: Accounts) =>
  Effect.gen(function*() {
    yield* t.call("bob follows alice", "POST", "/api/users/alice/follow", { token: who.bob })
    yield* t.call("following twice counts once", "POST", "/api/users/alice/follow", { token: who.bob })
    yield* t.call("carol follows alice", "POST", "/api/users/alice/follow", { token: who.carol })
    yield* t.call("alice follows an agent", "POST", "/api/users/scout/follow", { token: who.alice })
    yield* t.call("an agent follows bob", "POST", "/api/users/bob/follow", { token: who.scout })
    yield* t.call("carol follows scout", "POST", "/api/users/scout/follow/", { token: who.carol })
    yield* t.call("carol unfollows scout", "DELETE", "/api/users/scout/follow", { token: who.carol })
    yield* t.call("unfollowing twice", "DELETE", "/api/users/scout/follow", { token: who.carol })
    yield* t.call("following yourself", "POST", "/api/users/alice/follow", { token: who.alice })
    yield* t.call("following nobody", "POST", "/api/users/nobody/follow", { token: who.alice })
    yield* t.call("follow without a token", "POST", "/api/users/alice/follow")
    yield* t.call("alice's followers", "GET", "/api/users/alice/followers")
    yield* t.call("followers, first page", "GET", "/api/users/alice/followers?limit=1")
    yield* t.call("followers, next page", "GET", "/api/users/alice/followers?limit=1&offset=1")
    yield* t.call("alice follows", "GET", "/api/users/alice/following")
    yield* t.call("scout follows", "GET", "/api/users/scout/following?limit=10")
    yield* t.call("an unknown user's followers", "GET", "/api/users/nobody/followers")
  })

export const feeds = (t: Tour, who: Accounts) =>
  Effect.gen(function*() {
    yield* t.call("bob's feed", "GET", "/api/feed", { token: who.bob })
    for (const sort of ["hot", "new", "top", "rising"]) {
      yield* t.call(`bob's feed by ${sort}`, "GET", `/api/feed?sort=${sort}`, { token: who.bob })
    }
    yield* t.call("feed, first page", "GET", "/api/feed/?sort=top&limit=1", { token: who.carol })
    yield* t.call("feed, next page", "GET", "/api/feed?sort=top&limit=1&offset=1", { token: who.carol })
    yield* t.call("an agent-following feed", "GET", "/api/feed?sort=new", { token: who.alice })
    yield* t.call("a feed with no sources", "GET", "/api/feed", { token: who.scout })
    yield* t.call("feed, unknown sort", "GET", "/api/feed?sort=controversial", { token: who.bob })
    yield* t.call("feed without a token", "GET", "/api/feed")
  })

/** Exactly: a count reached early and then passed would record a different list on each run. */
const exactly = (count: number) => (reply: Reply) =>
  reply.status === 200 && Array.isArray(reply.body) && reply.body.length === count

/**
 * Each reader's notifications once the worker has delivered all of the tour's
 * events (a mention in a reply to the same person notifies once, as a reply).
 */
const expected = { alice: 6, bob: 4, carol: 1, scout: 3 } as const

export const notifications = (t: Tour, who: Accounts) =>
  Effect.gen(function*() {
    const all = "/api/notifications?limit=100"
    for (const name of ["alice", "bob", "carol", "scout"] as const) {
      yield* t.poll(`${name}'s notifications`, all, who[name], exactly(expected[name]))
    }
    const list = yield* t.call("alice's unread", "GET", "/api/notifications?unread_only=true", { token: who.alice })
    const ids = Array.isArray(list.body)
      ? list.body.flatMap((n: unknown) =>
        typeof n === "object" && n !== null && "id" in n && typeof n.id === "string" ? [n.id] : []
      )
      : []
    yield* t.call("notifications, first page", "GET", "/api/notifications?limit=2", { token: who.alice })
    yield* t.call("notifications, next page", "GET", "/api/notifications?limit=2&offset=2", { token: who.alice })
    yield* t.call("mark two read", "POST", "/api/notifications/read", {
      token: who.alice,
      json: { ids: ids.slice(0, 2) }
    })
    yield* t.call("someone else's ids change nothing", "POST", "/api/notifications/read", {
      token: who.bob,
      json: { ids: ids.slice(2, 4) }
    })
    yield* t.call("unread after marking two", "GET", "/api/notifications?unread_only=1", { token: who.alice })
    yield* t.call("read and unread", "GET", "/api/notifications", { token: who.alice })
    yield* t.call("mark all read", "POST", "/api/notifications/read/", { token: who.alice, json: {} })
    yield* t.call("nothing unread", "GET", "/api/notifications?unread_only=true", { token: who.alice })
    yield* t.call("unread_only is a boolean", "GET", "/api/notifications?unread_only=maybe", { token: who.alice })
    yield* t.call("ids must be ids", "POST", "/api/notifications/read", { token: who.alice, json: { ids: [1] } })
    yield* t.call("notifications without a token", "GET", "/api/notifications")
    yield* t.call("bob's unread", "GET", "/api/notifications?unread_only=false", { token: who.bob })
  })

/** The directories once the tour has posted, voted and followed: activity, karma and counts have moved. */
export const directories = (t: Tour) =>
  Effect.gen(function*() {
    yield* t.call("agents by activity, later", "GET", "/api/agents?sort=active")
    yield* t.call("agents by karma, later", "GET", "/api/agents?sort=karma")
    yield* t.call("channels by popularity, later", "GET", "/api/channels?sort=popular")
    yield* t.call("every user", "GET", "/api/users?limit=100")
  })

export const search = (t: Tour) =>
  Effect.gen(function*() {
    const find = (label: string, query: string) => t.call(label, "GET", `/api/search${query}`)
    yield* find("posts, by default", "?q=lighthouse")
    yield* find("posts", "?q=agent&type=posts")
    yield* find("several words", "?q=hello+agents&type=posts")
    yield* find("a deleted post is not found", "?q=delete")
    yield* find("comments", "?q=clearly&type=comments")
    yield* find("comments, one word of several", "?q=thanks&type=comments")
    yield* find("channels", "?q=general&type=channels")
    yield* find("channels by description", "?q=anything&type=channels")
    yield* find("users", "?q=carol&type=users")
    yield* find("users by prefix", "?q=sc&type=users")
    yield* find("first page", "?q=clearly&type=comments&limit=1")
    yield* find("next page", "?q=clearly&type=comments&limit=1&offset=1")
    yield* find("operators are text", "?q=%22lighthouse%22+OR+*&type=posts")
    yield* find("no letters finds nothing", "?q=%40%23%24")
    yield* find("empty query", "?q=")
    yield* find("no query", "")
    yield* find("query too long", `?q=${"a".repeat(201)}`)
    yield* find("unknown type", "?q=x&type=votes")
  })

/**
 * Webhooks as far as a server without a configured transport goes, which
 * is also what any server says to a loopback URL: refused (422), so every
 * principal has none, and an unknown webhook is 404 on every route.
 */
export const webhooks = (t: Tour, who: Accounts) =>
  Effect.gen(function*() {
    const unknown = "/api/webhooks/00000000-0000-7000-8000-000000000000"
    yield* t.call("a webhook to a loopback URL", "POST", "/api/webhooks", {
      token: who.alice,
      json: { url: "https://127.0.0.1/hook", events: ["follow"] }
    })
    yield* t.call("a webhook with an unknown kind", "POST", "/api/webhooks", {
      token: who.alice,
      json: { url: "https://127.0.0.1/hook", events: ["likes"] }
    })
    yield* t.call("a webhook without a token", "POST", "/api/webhooks", { json: { url: "https://127.0.0.1/hook" } })
    yield* t.call("alice's webhooks", "GET", "/api/webhooks", { token: who.alice })
    yield* t.call("ping an unknown webhook", "POST", `${unknown}/ping`, { token: who.alice })
    yield* t.call("deliveries of an unknown webhook", "GET", `${unknown}/deliveries?limit=5`, { token: who.alice })
    yield* t.call("delete an unknown webhook", "DELETE", unknown, { token: who.scout })
  })
