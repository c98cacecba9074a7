/**
 * The tour's channels, posts and post votes: create, read, edit, delete,
 * every sort (with each `t` of top) and filter, pagination, and votes that
 * go up, down, change, repeat and clear, so that the sorts have distinct
 * scores, ties and controversy to order.
 */
import { Effect } from "effect"
import type { Accounts } from "./AccountsTour.js"
import { field, type Tour } from "./Transcript.js"

export interface Posts {
  /** alice's post in general: the thread's post. */
  readonly first: string
  /** bob's post, voted both ways. */
  readonly argued: string
  /** scout's post (an agent author). */
  readonly byAgent: string
  /** carol's post in random, deleted by the tour. */
  readonly deleted: string
}

export const channels = (t: Tour, who: Accounts) =>
  Effect.gen(function*() {
    const general = yield* t.call("create a channel", "POST", "/api/channels", {
      token: who.alice,
      json: { name: "general", title: "General", description: "Anything goes" }
    })
    yield* t.call("another channel", "POST", "/api/channels/", {
      token: who.bob,
      json: { name: "random", title: "Random" }
    })
    yield* t.call("an agent's channel", "POST", "/api/channels", {
      token: who.scout,
      json: { name: "agents-only", title: "For agents" }
    })
    yield* t.call("channel name taken", "POST", "/api/channels", {
      token: who.bob,
      json: { name: "general", title: "Again" }
    })
    yield* t.call("bad channel name", "POST", "/api/channels", {
      token: who.bob,
      json: { name: "Has Spaces", title: "" }
    })
    yield* t.call("channel without a token", "POST", "/api/channels", { json: { name: "anon", title: "Anon" } })
    for (const [who_, name] of [[who.bob, "general"], [who.carol, "general"], [who.carol, "random"]] as const) {
      yield* t.call(`subscribe to ${name}`, "POST", `/api/channels/${name}/subscription`, { token: who_ })
    }
    yield* t.call("subscribing twice counts once", "POST", "/api/channels/general/subscription", { token: who.bob })
    yield* t.call("subscribe to an unknown channel", "POST", "/api/channels/nowhere/subscription", {
      token: who.bob
    })
    yield* t.call("unsubscribe", "DELETE", "/api/channels/random/subscription", { token: who.carol })
    yield* t.call("unsubscribe again", "DELETE", "/api/channels/random/subscription", { token: who.carol })
    yield* t.call("subscribe without a token", "POST", "/api/channels/general/subscription")
    yield* t.call("channels by popularity", "GET", "/api/channels?sort=popular")
    yield* t.call("channels, newest first", "GET", "/api/channels?sort=new&limit=2&offset=1")
    yield* t.call("channels, unknown sort", "GET", "/api/channels?sort=hot")
    yield* t.call("a channel by name", "GET", "/api/channels/general")
    yield* t.call("a channel by id", "GET", `/api/channels/${field(general, "id")}`)
    yield* t.call("an unknown channel", "GET", "/api/channels/nowhere")
    return field(general, "id")
  })

const vote = (t: Tour, label: string, id: string, value: unknown, token: string) =>
  t.call(label, "POST", `/api/posts/${id}/vote`, { token, json: { value } })

export const posts = (t: Tour, who: Accounts) =>
  Effect.gen(function*() {
    const create = (label: string, token: string, body: Record<string, unknown>) =>
      t.call(label, "POST", "/api/posts", { token, json: body }).pipe(Effect.map((reply) => field(reply, "id")))
    const first = yield* create("alice posts", who.alice, {
      title: "Hello, agents",
      content: "First post, hello @bob",
      channel_id: "general",
      flair: "intro"
    })
    const argued = yield* create("bob posts", who.bob, {
      title: "Tabs or spaces",
      content: "Discuss",
      channel_id: "general"
    })
    const byAgent = yield* create("scout posts", who.scout, {
      title: "Agent report",
      content: "Beep: lighthouse sighted",
      channel_id: "random"
    })
    const quiet = yield* create("a post nobody votes on", who.carol, {
      title: "Quiet one",
      content: "Nothing here",
      channel_id: "random"
    })
    const sunk = yield* create("a post voted down", who.carol, {
      title: "Unpopular opinion",
      content: "Lighthouses are overrated",
      channel_id: "general"
    })
    const deleted = yield* create("a post to delete", who.carol, {
      title: "Delete me",
      content: "Soon gone",
      channel_id: "general"
    })
    yield* t.call("post to an unknown channel", "POST", "/api/posts", {
      token: who.alice,
      json: { title: "Lost", content: "", channel_id: "nowhere" }
    })
    yield* t.call("post with bad fields", "POST", "/api/posts", {
      token: who.alice,
      json: { title: "", content: 42, channel_id: "general" }
    })
    yield* t.call("post without a token", "POST", "/api/posts", {
      json: { title: "Anon", content: "", channel_id: "general" }
    })
    yield* t.call("post as a form", "POST", "/api/posts", { token: who.alice, form: { title: "Form" } })

    yield* t.call("a post", "GET", `/api/posts/${first}`)
    yield* t.call("an unknown post", "GET", "/api/posts/00000000-0000-7000-8000-000000000000")
    yield* t.call("author edits", "PATCH", `/api/posts/${first}`, {
      token: who.alice,
      json: { title: "Hello again, agents", flair: "news" }
    })
    yield* t.call("only the author edits", "PATCH", `/api/posts/${first}`, {
      token: who.bob,
      json: { title: "Mine" }
    })
    yield* t.call("counters are not editable", "PATCH", `/api/posts/${first}`, {
      token: who.alice,
      json: { upvotes: 100, author_id: "x" }
    })

    // first: +3; argued: +2 -2 (controversial); byAgent: +1 after changes; sunk: -1.
    yield* vote(t, "bob upvotes", first, 1, who.bob)
    yield* vote(t, "carol upvotes", first, 1, who.carol)
    yield* vote(t, "scout upvotes", first, 1, who.scout)
    yield* vote(t, "the same vote again counts once", first, 1, who.scout)
    yield* vote(t, "alice upvotes bob", argued, 1, who.alice)
    yield* vote(t, "carol upvotes bob", argued, 1, who.carol)
    yield* vote(t, "scout downvotes bob", argued, -1, who.scout)
    yield* vote(t, "then changes to up", argued, 1, who.scout)
    yield* vote(t, "and back down", argued, -1, who.scout)
    yield* vote(t, "alice downvotes scout", byAgent, -1, who.alice)
    yield* vote(t, "alice changes to up", byAgent, 1, who.alice)
    yield* vote(t, "bob upvotes scout", byAgent, 1, who.bob)
    yield* vote(t, "bob clears his vote", byAgent, 0, who.bob)
    yield* vote(t, "clearing twice", byAgent, 0, who.bob)
    yield* vote(t, "bob downvotes carol", sunk, -1, who.bob)
    yield* vote(t, "own post", first, 1, who.alice)
    yield* vote(t, "a vote of 2", first, 2, who.bob)
    yield* vote(t, "vote on an unknown post", "00000000-0000-7000-8000-000000000000", 1, who.bob)
    yield* t.call("vote without a token", "POST", `/api/posts/${first}/vote`, { json: { value: 1 } })
    yield* t.call("alice's karma", "GET", "/api/users/alice")

    yield* t.call("moderator may not edit", "PATCH", `/api/posts/${deleted}`, {
      token: who.alice,
      json: { title: "Moderated" }
    })
    yield* t.call("a stranger may not delete", "DELETE", `/api/posts/${deleted}`, { token: who.scout })
    yield* t.call("the moderator deletes", "DELETE", `/api/posts/${deleted}`, { token: who.alice })
    yield* t.call("a deleted post", "GET", `/api/posts/${deleted}`)
    yield* t.call("deleting again", "DELETE", `/api/posts/${deleted}`, { token: who.carol })
    yield* t.call("author deletes", "DELETE", `/api/posts/${quiet}`, { token: who.carol })
    yield* t.call("vote on a deleted post", "POST", `/api/posts/${deleted}/vote`, {
      token: who.bob,
      json: { value: 1 }
    })
    return { first, argued, byAgent, deleted } satisfies Posts
  })

export const postLists = (t: Tour, channelId: string) =>
  Effect.gen(function*() {
    const list = (label: string, query: string) => t.call(label, "GET", `/api/posts${query}`)
    yield* list("posts, default order", "")
    yield* list("trailing slash", "/?sort=new")
    for (const sort of ["new", "hot", "top", "rising", "controversial"]) {
      yield* list(`posts by ${sort}`, `?sort=${sort}`)
    }
    for (const window of ["hour", "day", "week", "month", "year", "all"]) {
      yield* list(`top of the ${window}`, `?sort=top&t=${window}`)
    }
    yield* list("hot in general", "?sort=hot&channel=general")
    yield* list("a channel by id", `?channel=${channelId}&sort=top`)
    yield* list("an unknown channel", "?channel=nowhere")
    yield* list("by author", "?author=carol&sort=controversial")
    yield* list("by agents", "?author_type=agent")
    yield* list("by humans, top", "?author_type=human&sort=top&t=day")
    yield* list("first page", "?sort=top&limit=2")
    yield* list("second page", "?sort=top&limit=2&offset=2")
    yield* list("past the end", "?sort=top&limit=2&offset=10")
    yield* list("unknown sort", "?sort=best")
    yield* list("unknown window", "?sort=top&t=decade")
    yield* list("unknown author type", "?author_type=robot")
    yield* list("limit too large", "?limit=101")
  })
