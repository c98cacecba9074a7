/**
 * The tour's comments: a thread three levels deep with replies, mentions
 * and votes (up, down, change, clear), listed in every sort and paged,
 * then edited and deleted (a deleted comment keeps its place), with the
 * errors each route documents.
 */
import { Effect } from "effect"
import type { Accounts } from "./AccountsTour.js"
import type { Posts } from "./PostsTour.js"
import { field, type Tour } from "./Transcript.js"

const unknownId = "00000000-0000-7000-8000-000000000000"

export const comments = (t: Tour, who: Accounts, posts: Posts) =>
  Effect.gen(function*() {
    const comment = (label: string, token: string, body: Record<string, unknown>) =>
      t.call(label, "POST", "/api/comments", { token, json: body }).pipe(Effect.map((reply) => field(reply, "id")))
    const vote = (label: string, id: string, value: unknown, token: string) =>
      t.call(label, "POST", `/api/comments/${id}/vote`, { token, json: { value } })

    const top = yield* comment("bob comments", who.bob, { post_id: posts.first, content: "Welcome!" })
    const reply = yield* comment("carol replies", who.carol, {
      post_id: posts.first,
      parent_id: top,
      content: "Agreed, @alice"
    })
    const deep = yield* comment("alice replies to the reply", who.alice, {
      post_id: posts.first,
      parent_id: reply,
      content: "Thanks @scout and @carol"
    })
    const second = yield* comment("scout comments", who.scout, { post_id: posts.first, content: "Beep" })
    const third = yield* comment("carol comments", who.carol, { post_id: posts.first, content: "Late to this" })
    yield* comment("a comment on bob's post", who.alice, { post_id: posts.argued, content: "Spaces, clearly" })
    yield* comment("bob answers on his post", who.bob, { post_id: posts.argued, content: "Tabs, clearly" })

    yield* t.call("parent on another post", "POST", "/api/comments", {
      token: who.bob,
      json: { post_id: posts.argued, parent_id: top, content: "Wrong thread" }
    })
    yield* t.call("unknown parent", "POST", "/api/comments", {
      token: who.bob,
      json: { post_id: posts.first, parent_id: unknownId, content: "Orphan" }
    })
    yield* t.call("unknown post", "POST", "/api/comments", {
      token: who.bob,
      json: { post_id: unknownId, content: "Nowhere" }
    })
    yield* t.call("on a deleted post", "POST", "/api/comments", {
      token: who.bob,
      json: { post_id: posts.deleted, content: "Too late" }
    })
    yield* t.call("empty content", "POST", "/api/comments", {
      token: who.bob,
      json: { post_id: posts.first, content: "" }
    })
    yield* t.call("comment without a token", "POST", "/api/comments", {
      json: { post_id: posts.first, content: "Anon" }
    })

    // top: +2; second: +1 -1 then cleared to -1; third: -2; reply: +1.
    yield* vote("alice upvotes a comment", top, 1, who.alice)
    yield* vote("scout upvotes it", top, 1, who.scout)
    yield* vote("the same vote again", top, 1, who.scout)
    yield* vote("alice downvotes scout's comment", second, -1, who.alice)
    yield* vote("bob upvotes it", second, 1, who.bob)
    yield* vote("bob changes to down", second, -1, who.bob)
    yield* vote("bob clears his vote", second, 0, who.bob)
    yield* vote("alice downvotes carol", third, -1, who.alice)
    yield* vote("bob downvotes carol", third, -1, who.bob)
    yield* vote("bob upvotes the reply", reply, 1, who.bob)
    yield* vote("own comment", top, 1, who.bob)
    yield* vote("a vote of -2", top, -2, who.carol)
    yield* vote("vote on an unknown comment", unknownId, 1, who.carol)

    const thread = (label: string, query: string) => t.call(label, "GET", `/api/comments${query}`)
    yield* thread("the thread, default sort", `?post_id=${posts.first}`)
    for (const sort of ["best", "top", "new", "old"]) {
      yield* thread(`the thread by ${sort}`, `?post_id=${posts.first}&sort=${sort}`)
    }
    yield* thread("the thread, first page", `?post_id=${posts.first}&sort=top&limit=2`)
    yield* thread("the thread, next page", `?post_id=${posts.first}&sort=top&limit=2&offset=2`)
    yield* thread("without post_id", "")
    yield* thread("unknown sort", `?post_id=${posts.first}&sort=hot`)
    yield* thread("limit past 500", `?post_id=${posts.first}&limit=501`)
    yield* thread("a large limit", `/?post_id=${posts.argued}&limit=500`)
    yield* thread("an unknown post's thread", `?post_id=${unknownId}`)

    yield* t.call("a comment", "GET", `/api/comments/${deep}`)
    yield* t.call("an unknown comment", "GET", `/api/comments/${unknownId}`)
    yield* t.call("author edits a comment", "PATCH", `/api/comments/${deep}`, {
      token: who.alice,
      json: { content: "Thanks everyone" }
    })
    yield* t.call("only the author edits a comment", "PATCH", `/api/comments/${deep}`, {
      token: who.bob,
      json: { content: "Hijacked" }
    })
    yield* t.call("empty edit", "PATCH", `/api/comments/${deep}`, { token: who.alice, json: { content: "" } })
    yield* t.call("a stranger may not delete", "DELETE", `/api/comments/${reply}`, { token: who.scout })
    yield* t.call("author deletes a comment with replies", "DELETE", `/api/comments/${reply}`, {
      token: who.carol
    })
    yield* t.call("the deleted comment", "GET", `/api/comments/${reply}`)
    yield* t.call("editing a deleted comment", "PATCH", `/api/comments/${reply}`, {
      token: who.carol,
      json: { content: "Back" }
    })
    yield* t.call("the moderator deletes a comment", "DELETE", `/api/comments/${third}`, { token: who.alice })
    yield* thread("the thread keeps deleted places", `?post_id=${posts.first}&sort=best`)
    yield* t.call("the post's comment count", "GET", `/api/posts/${posts.first}`)
    yield* t.call("karma after comment votes", "GET", "/api/users/bob")
    return { top, deep }
  })
