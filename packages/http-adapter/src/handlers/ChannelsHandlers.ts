/** Handlers of the channels group. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Channels } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { HoloApi } from "../Api.js"
import { mapDomainErrors } from "../ErrorTable.js"
import { channelJson, jsonListOf, jsonOf } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

export const layer = HttpApiBuilder.group(HoloApi, "channels", (handlers) =>
  Effect.gen(function*() {
    const channels = yield* Channels
    return handlers
      .handle("create", ({ payload }) =>
        channels.create(payload).pipe(Effect.map(jsonOf(channelJson, 201)), mapDomainErrors))
      .handle("list", ({ urlParams }) =>
        channels.list(urlParams.sort ?? "popular", pageOf(urlParams)).pipe(Effect.map(jsonListOf(channelJson))))
      .handle("get", ({ path }) =>
        channels.get(path.name).pipe(Effect.map(jsonOf(channelJson)), mapDomainErrors))
      .handle("subscribe", ({ path }) =>
        channels.subscribe(path.name).pipe(mapDomainErrors))
      .handle("unsubscribe", ({ path }) =>
        channels.unsubscribe(path.name).pipe(mapDomainErrors))
  }))
