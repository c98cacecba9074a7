/** Use case: a reader's notifications, newest first, and marking them read. */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import type { MarkRead } from "./Notification.js"
import { NotificationRepo } from "./NotificationRepo.js"
import type { Page } from "./Page.js"
import { CurrentUser } from "./User.js"

export class Notifications extends Effect.Service<Notifications>()("@holonet/domain/Notifications", {
  effect: Effect.gen(function*() {
    const notifications = yield* NotificationRepo

    const list = Effect.fnUntraced(function*(unreadOnly: boolean, page: Page) {
      const reader = yield* CurrentUser
      return yield* notifications.list(reader.id, unreadOnly, page)
    })

    /** Only the reader's own notifications change; ids of others' are ignored, as unknown ones are. */
    const markRead = Effect.fnUntraced(function*(input: MarkRead) {
      const reader = yield* CurrentUser
      yield* notifications.markRead(reader.id, input.ids, yield* DateTime.now)
    })

    return { list, markRead } as const
  })
}) {}
