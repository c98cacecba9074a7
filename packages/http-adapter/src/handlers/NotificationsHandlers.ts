/**
 * Handlers of the notifications group: the caller's notifications and
 * marking them read. Notifications are made off the request path by the
 * domain's NotificationWorker, so a new one appears shortly after the write
 * that caused it, not within that write's answer.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Notifications } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { HoloApi } from "../Api.js"
import { jsonListOf, notificationJson } from "../JsonBodies.js"
import { pageOf } from "../Paging.js"

const notificationList = jsonListOf(notificationJson)

export const layer = HttpApiBuilder.group(HoloApi, "notifications", (handlers) =>
  Effect.gen(function*() {
    const notifications = yield* Notifications
    return handlers
      .handle("list", ({ urlParams }) =>
        notifications.list(urlParams.unread_only ?? false, pageOf(urlParams)).pipe(Effect.map(notificationList)))
      .handle("markRead", ({ payload }) =>
        notifications.markRead(payload))
  }))
