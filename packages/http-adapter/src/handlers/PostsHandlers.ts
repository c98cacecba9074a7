/** Handlers of the posts group: posts, votes on posts, and the caller's home feed. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { type PostQuery, Posts, Votes } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { HoloApi, type PostListParams } from "../Api.js"
import { mapDomainErrors } from "../ErrorTable.js"
import { jsonListOf, jsonOf, postJson, voteTallyJson } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

const postOk = jsonOf(postJson)
const postCreated = jsonOf(postJson, 201)
const postList = jsonListOf(postJson)
const tallyOk = jsonOf(voteTallyJson)

/** The domain's query for `GET /api/posts` parameters (sort default new); the MCP `list_posts` tool uses it too. */
export const postQueryOf = (params: typeof PostListParams.Type): PostQuery => ({
  sort: params.sort ?? "new",
  ...(params.channel !== undefined ? { channel: params.channel } : {}),
  ...(params.author !== undefined ? { author: params.author } : {}),
  ...(params.author_type !== undefined ? { authorType: params.author_type } : {}),
  ...(params.t !== undefined ? { t: params.t } : {})
})

export const layer = HttpApiBuilder.group(HoloApi, "posts", (handlers) =>
  Effect.gen(function*() {
    const posts = yield* Posts
    const votes = yield* Votes
    return handlers
      .handle("list", ({ urlParams }) =>
        posts.list(postQueryOf(urlParams), pageOf(urlParams)).pipe(Effect.map(postList), mapDomainErrors))
      .handle("feed", ({ urlParams }) =>
        posts.feed(urlParams.sort ?? "hot", urlParams.t, pageOf(urlParams)).pipe(Effect.map(postList)))
      .handle("get", ({ path }) =>
        posts.get(path.id).pipe(Effect.map(postOk), mapDomainErrors))
      .handle("create", ({ payload }) =>
        posts.create(payload).pipe(Effect.map(postCreated), mapDomainErrors))
      .handle("update", ({ path, payload }) =>
        posts.update(path.id, payload).pipe(Effect.map(postOk), mapDomainErrors))
      .handle("delete", ({ path }) =>
        posts.remove(path.id).pipe(mapDomainErrors))
      .handle("vote", ({ path, payload }) =>
        votes.votePost(path.id, payload.value).pipe(Effect.map(tallyOk), mapDomainErrors))
  }))
