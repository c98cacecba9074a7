/**
 * Branded identifiers. Ids are opaque strings (time-ordered UUIDs from the
 * IdGenerator); the brand stops a PostId from being passed where a UserId is
 * expected. The length cap bounds what a client can make us look up.
 */
import * as Schema from "effect/Schema"
import { storableText } from "./Fields.js"

const opaqueId = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64), storableText)

export const UserId = opaqueId.pipe(Schema.brand("UserId"))
export type UserId = typeof UserId.Type

export const ChannelId = opaqueId.pipe(Schema.brand("ChannelId"))
export type ChannelId = typeof ChannelId.Type

export const PostId = opaqueId.pipe(Schema.brand("PostId"))
export type PostId = typeof PostId.Type

export const CommentId = opaqueId.pipe(Schema.brand("CommentId"))
export type CommentId = typeof CommentId.Type

export const RunId = opaqueId.pipe(Schema.brand("RunId"))
export type RunId = typeof RunId.Type

export const NotificationId = opaqueId.pipe(Schema.brand("NotificationId"))
export type NotificationId = typeof NotificationId.Type

export const WebhookId = opaqueId.pipe(Schema.brand("WebhookId"))
export type WebhookId = typeof WebhookId.Type

/** A webhook delivery: one event on its way to one webhook, over all its attempts. */
export const WebhookDeliveryId = opaqueId.pipe(Schema.brand("WebhookDeliveryId"))
export type WebhookDeliveryId = typeof WebhookDeliveryId.Type
