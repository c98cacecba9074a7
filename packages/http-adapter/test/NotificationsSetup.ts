/**
 * Setup shared by the Notifications*.http tests: a thread on alice's post to
 * take part in, commenting over HTTP, and reading a user's notifications.
 */
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import { createChannel, createPost, fields, get, items, postJson, signUp } from "./Http.js"

export const list = (token: string, query = "") =>
  Effect.gen(function*() {
    const reply = yield* get(`/api/notifications${query}`, token)
    expect({ query, status: reply.status }).toEqual({ query, status: 200 })
    return items(reply)
  })

export const comment = (token: string, postId: unknown, content: string, parentId?: unknown) =>
  Effect.gen(function*() {
    const body = parentId === undefined
      ? { post_id: postId, content }
      : { post_id: postId, content, parent_id: parentId }
    const reply = yield* postJson("/api/comments", body, token)
    expect(reply.status).toBe(201)
    return fields(reply)
  })

/** alice owns "general" and a post in it; bob and carol take part. */
export const thread = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  yield* createChannel(alice.token, "general")
  const post = yield* createPost(alice.token, "general", "Alice's post")
  return { alice, bob, carol, post, postId: post["id"] }
})
