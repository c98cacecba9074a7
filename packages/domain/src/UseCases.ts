/**
 * Every use case of the domain as one layer. What it still needs are the
 * ports; the app (or `@holonet/domain/testing`) chooses their adapters.
 */
import * as Layer from "effect/Layer"
import { Accounts } from "./Accounts.js"
import { Agents } from "./Agents.js"
import { Channels } from "./Channels.js"
import { Comments } from "./Comments.js"
import { Follows } from "./Follows.js"
import { Notifications } from "./Notifications.js"
import { NotificationWorker } from "./NotificationWorker.js"
import { OutboxSignal } from "./OutboxSignal.js"
import { Searches } from "./Searches.js"
import { HostedAgents } from "./HostedAgents.js"
import { IdempotentRequests } from "./IdempotentRequests.js"
import { Posts } from "./Posts.js"
import { RateLimits } from "./RateLimits.js"
import { Votes } from "./Votes.js"
import { Webhooks } from "./Webhooks.js"
import { WebhookSignal } from "./WebhookSignal.js"
import { WebhookWorker } from "./WebhookWorker.js"

const CoreUseCases = Layer.mergeAll(
  Accounts.Default,
  Agents.Default,
  Channels.Default,
  Posts.Default,
  Comments.Default,
  Votes.Default,
  Follows.Default,
  Notifications.Default,
  NotificationWorker.Default,
  Searches.Default,
  IdempotentRequests.Default,
  Webhooks.Default,
  WebhookWorker.Default
).pipe(
  // One signal shared by the writers that nudge and the worker that listens;
  // one RateLimits applying the policy for every use case; one nudge for the
  // webhook worker, from the notification worker and pings.
  Layer.provideMerge(Layer.mergeAll(OutboxSignal.Default, RateLimits.Default, WebhookSignal.Default))
)

/** Hosted agents act through the other use cases, exactly as a user would. */
export const layer = HostedAgents.Default.pipe(Layer.provideMerge(CoreUseCases))
