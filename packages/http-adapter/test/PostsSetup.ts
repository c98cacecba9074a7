/**
 * Setup shared by the Posts*.http tests: a small community with a channel to
 * post in, and reading back the post list's titles and a channel's post_count.
 */
import { Effect } from "effect"
import { createChannel, fields, get, items, signUp } from "./Http.js"

export const titles = (path = "/api/posts?limit=100") =>
  Effect.map(get(path), (reply) => items(reply).map((p) => p["title"]))

export const postCount = (channel: string) =>
  Effect.map(get(`/api/channels/${channel}`), (reply) => fields(reply)["post_count"])

/** alice moderates "general"; bob and carol are plain members. */
export const community = Effect.gen(function*() {
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  const general = yield* createChannel(alice.token, "general")
  return { alice, bob, carol, general, generalId: String(general["id"]) }
})
