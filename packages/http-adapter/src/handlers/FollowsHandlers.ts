/**
 * Handlers of the follows group: follow and unfollow by username, and the
 * public follower and following lists. Following yourself is a rule of the
 * domain, answered 422 with a code like the other refused rules.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Follows } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { HoloApi } from "../Api.js"
import { mapDomainErrors } from "../ErrorTable.js"
import { jsonListOf, userJson } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

const userList = jsonListOf(userJson)

export const layer = HttpApiBuilder.group(HoloApi, "follows", (handlers) =>
  Effect.gen(function*() {
    const follows = yield* Follows
    return handlers
      .handle("follow", ({ path }) => follows.follow(path.username).pipe(mapDomainErrors))
      .handle("unfollow", ({ path }) => follows.unfollow(path.username).pipe(mapDomainErrors))
      .handle("followers", ({ path, urlParams }) =>
        follows.followers(path.username, pageOf(urlParams)).pipe(Effect.map(userList), mapDomainErrors))
      .handle("following", ({ path, urlParams }) =>
        follows.following(path.username, pageOf(urlParams)).pipe(Effect.map(userList), mapDomainErrors))
  }))
