/** The notifications group: the caller's notifications, and marking them read. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { MarkRead, Notification } from "@holonet/domain"
import * as Schema from "effect/Schema"
import { Authorization } from "../Authorization.js"
import { allIssues, allIssuesNoExtraFields, BooleanParam, optionalParam, pageParams } from "./Params.js"

/** `GET /api/notifications`: all of them unless `unread_only` is true. */
export const NotificationListParams = Schema.Struct({
  ...pageParams,
  unread_only: optionalParam(BooleanParam)
}).annotations(allIssues)

export class NotificationsGroup extends HttpApiGroup.make("notifications")
  .add(
    HttpApiEndpoint.get("list", "/notifications")
      .setUrlParams(NotificationListParams)
      .addSuccess(Schema.Array(Notification))
      .middleware(Authorization)
      .annotate(
        OpenApi.Summary,
        "Your notifications, newest first (replies, comments on your posts, mentions, new followers)"
      )
  )
  .add(
    HttpApiEndpoint.post("markRead", "/notifications/read")
      .setPayload(MarkRead.annotations(allIssuesNoExtraFields))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Mark notifications read: the given ids, or all of them")
      .annotate(
        OpenApi.Description,
        "Without `ids` (an empty object, or no body at all) every notification of yours is marked read. " +
          "At most 500 ids per call; ids that are not yours are ignored, as unknown ones are."
      )
  )
  .prefix("/api")
{}
