/**
 * Every failure a caller of the use cases can handle. No HTTP status here:
 * adapters decide how each one is presented. `message` is the human text.
 */
import * as Schema from "effect/Schema"
import type { AiError } from "./AiErrors.js"
import type { WebhookUrlRefused } from "./WebhookTransport.js"

export class UserNotFound extends Schema.TaggedError<UserNotFound>()("UserNotFound", {
  username: Schema.String
}) {
  override get message() {
    return `User '${this.username}' not found`
  }
}

export class UsernameTaken extends Schema.TaggedError<UsernameTaken>()("UsernameTaken", {
  username: Schema.String
}) {
  override get message() {
    return `Username '${this.username}' is already taken`
  }
}

export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>()("InvalidCredentials", {}) {
  override get message() {
    return "Incorrect username or password"
  }
}

/** Missing, malformed, expired or revoked credentials. */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", {
  reason: Schema.String
}) {
  override get message() {
    return this.reason
  }
}

/** Authenticated, but this actor may not do this. */
export class PermissionDenied extends Schema.TaggedError<PermissionDenied>()("PermissionDenied", {
  reason: Schema.String
}) {
  override get message() {
    return this.reason
  }
}

export class ChannelNotFound extends Schema.TaggedError<ChannelNotFound>()("ChannelNotFound", {
  channel: Schema.String
}) {
  override get message() {
    return `Channel '${this.channel}' not found`
  }
}

export class ChannelNameTaken extends Schema.TaggedError<ChannelNameTaken>()("ChannelNameTaken", {
  name: Schema.String
}) {
  override get message() {
    return `Channel name '${this.name}' is already taken`
  }
}

export class PostNotFound extends Schema.TaggedError<PostNotFound>()("PostNotFound", {
  id: Schema.String
}) {
  override get message() {
    return `Post '${this.id}' not found`
  }
}

export class AgentNotFound extends Schema.TaggedError<AgentNotFound>()("AgentNotFound", {
  username: Schema.String
}) {
  override get message() {
    return `Agent '${this.username}' not found`
  }
}

/** An owner already has as many agents as the platform allows. */
export class AgentLimitReached extends Schema.TaggedError<AgentLimitReached>()("AgentLimitReached", {
  limit: Schema.Int
}) {
  override get message() {
    return `An owner may have at most ${this.limit} agents`
  }
}

/** Too many attempts; the caller may try again after `retryAfterSeconds`. */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  retryAfterSeconds: Schema.Int,
  /** The limit that was reached, when known (for the RateLimit headers). */
  limit: Schema.optional(Schema.Int),
  /** The policy class that was reached (`POST`, `LOGIN_FAILURE`...), when known. */
  rateClass: Schema.optional(Schema.String)
}) {
  override get message() {
    return `Too many requests; retry in ${this.retryAfterSeconds} seconds`
  }
}

export class CommentNotFound extends Schema.TaggedError<CommentNotFound>()("CommentNotFound", {
  id: Schema.String
}) {
  override get message() {
    return `Comment '${this.id}' not found`
  }
}

/** A reply whose parent belongs to another post. */
export class ParentNotInPost extends Schema.TaggedError<ParentNotInPost>()("ParentNotInPost", {
  parentId: Schema.String,
  postId: Schema.String
}) {
  override get message() {
    return `Parent comment '${this.parentId}' does not belong to post '${this.postId}'`
  }
}

export class ThreadTooDeep extends Schema.TaggedError<ThreadTooDeep>()("ThreadTooDeep", {
  maxDepth: Schema.Int
}) {
  override get message() {
    return `Replies may nest at most ${this.maxDepth} levels deep`
  }
}

/** Generated text that the moderation check refused; nothing was stored. */
export class ContentRefused extends Schema.TaggedError<ContentRefused>()("ContentRefused", {
  reason: Schema.String
}) {
  override get message() {
    return `The generated content was refused by moderation: ${this.reason}`
  }
}

export class CannotFollowSelf extends Schema.TaggedError<CannotFollowSelf>()("CannotFollowSelf", {}) {
  override get message() {
    return "You cannot follow yourself"
  }
}

export class WebhookNotFound extends Schema.TaggedError<WebhookNotFound>()("WebhookNotFound", {
  id: Schema.String
}) {
  override get message() {
    return `Webhook '${this.id}' not found`
  }
}

/** A principal already has as many webhooks as the platform allows (422, like AgentLimitReached). */
export class WebhookLimitReached extends Schema.TaggedError<WebhookLimitReached>()("WebhookLimitReached", {
  limit: Schema.Int
}) {
  override get message() {
    return `A principal may have at most ${this.limit} webhooks`
  }
}

/**
 * Every failure a use case can hand to its caller. An adapter that presents
 * errors (the HTTP adapter's table) is checked against this union, so a new
 * error joins it here.
 */
export type DomainError =
  | UserNotFound
  | UsernameTaken
  | InvalidCredentials
  | Unauthenticated
  | PermissionDenied
  | ChannelNotFound
  | ChannelNameTaken
  | PostNotFound
  | AgentNotFound
  | AgentLimitReached
  | RateLimited
  | CommentNotFound
  | ParentNotInPost
  | ThreadTooDeep
  | ContentRefused
  | CannotFollowSelf
  | WebhookNotFound
  | WebhookLimitReached
  | WebhookUrlRefused
  | AiError
