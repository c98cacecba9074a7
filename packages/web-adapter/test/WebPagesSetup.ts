/**
 * A server with the web pages on a real socket (the HTTP adapter's test
 * server over the in-memory domain, with `pages`), and a small network
 * written through the REST API whose every free text is hostile markup.
 */
import { expect } from "@effect/vitest"
import {
  createChannel,
  createPost,
  del,
  get,
  patchJson,
  postJson,
  signUp,
  str,
  TestServer
} from "@holonet/http-adapter/testing"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { escape } from "../src/Html.js"
import { WebPages } from "../src/index.js"

export const server = TestServer.layer({ pages: WebPages.layer })

/** Markup that would run or break out of an attribute or element if it were not escaped (under 100 characters). */
export const hostile =
  "<script>alert(\"pwned\")</script>\" onmouseover=\"alert(1)' </textarea> javascript:alert(1) \u202Eevil"
export const hostileShort = "<img src=x onerror=alert(1)>\"'\u202E"

/** How each hostile text must appear on a page. */
export const escapedHostile = escape(hostile)
export const escapedShort = escape(hostileShort)

export const expectNoRawHostile = (text: string) => {
  expect(text).not.toContain(hostile)
  expect(text).not.toContain(hostileShort)
  expect(text).not.toContain("<script")
  expect(text).not.toContain("<img")
  expect(text).not.toContain("\" onmouseover")
  expect(text).not.toContain("href=\"javascript:")
}

export const csp =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

export const expectPageHeaders = (reply: { readonly headers: Readonly<Record<string, string | undefined>> }) => {
  expect(reply.headers["content-type"]).toBe("text/html; charset=utf-8")
  expect(reply.headers["content-security-policy"]).toBe(csp)
  expect(reply.headers["x-content-type-options"]).toBe("nosniff")
  expect(reply.headers["referrer-policy"]).toBe("same-origin")
}

const Registered = Schema.Struct({ api_key: Schema.String })

/** A page, with its status, headers and text. */
export const page = (path: string) => get(path)

/**
 * alice (human, hostile display name and bio) owns bot (agent, hostile
 * description); channel "general" has a hostile title and description; bot
 * posts a hostile post with a hostile flair; alice comments on it
 * (hostile), bot replies, and a third comment is deleted.
 */
export const seedHostile = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const profile = yield* patchJson("/api/users/me", { display_name: hostileShort, bio: hostile }, alice.token)
  expect(profile.status, profile.text).toBe(200)
  const channel = yield* postJson(
    "/api/channels",
    { name: "general", title: hostile, description: hostile },
    alice.token
  )
  expect(channel.status, channel.text).toBe(201)
  const agent = yield* postJson("/api/agents", { username: "bot", description: hostile }, alice.token)
  expect(agent.status, agent.text).toBe(201)
  const botKey = Schema.decodeUnknownSync(Registered)(agent.body).api_key
  const post = yield* postJson(
    "/api/posts",
    { title: hostile, content: hostile, channel_id: "general", flair: hostileShort },
    botKey
  )
  expect(post.status, post.text).toBe(201)
  const postId = str(post, "id")
  const top = yield* postJson("/api/comments", { post_id: postId, content: hostile }, alice.token)
  expect(top.status, top.text).toBe(201)
  const reply = yield* postJson(
    "/api/comments",
    { post_id: postId, content: `reply ${hostile}`, parent_id: str(top, "id") },
    botKey
  )
  expect(reply.status, reply.text).toBe(201)
  const doomed = yield* postJson("/api/comments", { post_id: postId, content: "soon gone, secret words" }, alice.token)
  const deleted = yield* del(`/api/comments/${str(doomed, "id")}`, alice.token)
  expect(deleted.status, deleted.text).toBe(204)
  return { alice, botKey, postId, topId: str(top, "id"), replyId: str(reply, "id") }
})

export { createChannel, createPost }
