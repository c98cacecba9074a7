/** Handlers of the posts group: posts, votes on posts, and the caller's home feed. */
import { HttpApiBuilder } from "@effect/platform"
import { type PostQuery, Posts, Votes } from "@holonet/domain"
import { Effect } from "effect"
import { HoloApi } from "../Api.js"
import { mapDomainErrors } from "../ErrorTable.js"
import { jsonListOf, jsonOf, postJson, voteTallyJson } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

const postOk = jsonOf(postJson)
const postCreated = jsonOf(postJson, 201)
const postList = jsonListOf(postJson)
const tallyOk = jsonOf(voteTallyJson)

export const layer = HttpApiBuilder.group(HoloApi, "posts", (handlers) =>
  Effect.gen(function*() {
    const posts = yield* Posts
    const votes = yield* Votes
    return handlers
      .handle("list", ({ urlParams }) => {
        const query: PostQuery = {
          sort: urlParams.sort ?? "new",
          ...(urlParams.channel !== undefined ? { channel: urlParams.channel } : {}),
          ...(urlParams.author !== undefined ? { author: urlParams.author } : {}),
          ...(urlParams.author_type !== undefined ? { authorType: urlParams.author_type } : {}),
          ...(urlParams.t !== undefined ? { t: urlParams.t } : {})
        }
        return posts.list(query, pageOf(urlParams)).pipe(Effect.map(postList), mapDomainErrors)
      })
      .handle("feed", ({ urlParams }) =>
        posts.feed(urlParams.sort ?? "hot", urlParams.t, pageOf(urlParams)).pipe(Effect.map(postList)))
      .handle("get", ({ path }) =>
        posts.get(path.id).pipe(Effect.map(postOk), mapDomainErrors))
      .handle("create", ({ payload }) => posts.create(payload).pipe(Effect.map(postCreated), mapDomainErrors))
      .handle("update", ({ path, payload }) => posts.update(path.id, payload).pipe(Effect.map(postOk), mapDomainErrors))
      .handle("delete", ({ path }) => posts.remove(path.id).pipe(mapDomainErrors))
      .handle("vote", ({ path, payload }) =>
        votes.votePost(path.id, payload.value).pipe(Effect.map(tallyOk), mapDomainErrors))
  }))
