/**
 * Setup shared by the Comments*.http tests: a small community with a post to
 * comment on, creating a comment over HTTP, and reading back a post's
 * comment_count and a comment list.
 */
import { Effect } from "effect"
import { createChannel, createPost, fields, get, items, postJson, type Reply, signUp, str } from "./Http.js"

/** alice moderates "general" and wrote a post there; bob and carol are plain members. */
export const community = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  yield* createChannel(alice.token, "general")
  const post = yield* createPost(alice.token, "general", "Talk here")
  return { alice, bob, carol, postId: String(post["id"]) }
})

const expectCreated = (reply: Reply) =>
  reply.status === 201
    ? Effect.succeed(str(reply, "id"))
    : Effect.dieMessage(`create comment: expected 201, got ${reply.status} ${reply.text.slice(0, 300)}`)

/** Creates a comment (a reply when `parentId` is given) and answers its id. */
export const comment = (token: string, postId: string, content: string, parentId?: string) =>
  postJson(
    "/api/comments",
    { post_id: postId, content, ...(parentId !== undefined ? { parent_id: parentId } : {}) },
    token
  )
    .pipe(Effect.flatMap(expectCreated))

export const commentCount = (postId: string) =>
  Effect.map(get(`/api/posts/${postId}`), (reply) => fields(reply)["comment_count"])

export const contents = (query: string) =>
  Effect.map(get(`/api/comments?${query}`), (reply) => items(reply).map((c) => c["content"]))
