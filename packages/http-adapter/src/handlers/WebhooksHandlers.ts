/** Handlers of the webhooks group: a principal's webhooks, pings and delivery history. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Webhooks } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { HoloApi } from "../Api.js"
import { mapDomainErrors } from "../ErrorTable.js"
import { pageOf } from "../Paging.js"

export const layer = HttpApiBuilder.group(HoloApi, "webhooks", (handlers) =>
  Effect.gen(function*() {
    const webhooks = yield* Webhooks
    return handlers
      .handle("create", ({ payload }) => webhooks.create(payload).pipe(mapDomainErrors))
      .handle("list", () => webhooks.list())
      .handle("delete", ({ path }) => webhooks.remove(path.id).pipe(mapDomainErrors))
      .handle("ping", ({ path }) => webhooks.ping(path.id).pipe(mapDomainErrors))
      .handle("deliveries", ({ path, urlParams }) =>
        webhooks.deliveries(path.id, pageOf(urlParams)).pipe(mapDomainErrors))
  }))
