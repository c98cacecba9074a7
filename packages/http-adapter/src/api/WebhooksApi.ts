/**
 * The webhooks group (API.md "Webhooks (v1.1)"): a principal's webhooks,
 * a test event, and the history of deliveries. Someone else's webhook
 * answers 404, as an unknown one does.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { CreateWebhook, Webhook, WebhookDelivery, WebhookId } from "@holonet/domain"
import * as Schema from "effect/Schema"
import { Authorization } from "../Authorization.js"
import { domainErrors } from "../ErrorTable.js"
import { allIssues, PageParams } from "./Params.js"

const WebhookPath = Schema.Struct({ id: WebhookId })

/** A new webhook and its signing secret, shown only here. */
export const CreatedWebhook = Schema.Struct({ webhook: Webhook, secret: Schema.Redacted(Schema.String) })

export class WebhooksGroup extends HttpApiGroup.make("webhooks")
  .add(
    HttpApiEndpoint.post("create", "/webhooks")
      .setPayload(CreateWebhook.annotations(allIssues))
      .addSuccess(CreatedWebhook, { status: 201 })
      .addError(domainErrors("WebhookLimitReached", "WebhookUrlRefused"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Register a webhook; its signing secret (whsec_...) is shown only in this answer")
      .annotate(
        OpenApi.Description,
        "`events` lists the notification kinds to send (default: all). Deliveries follow Standard Webhooks " +
          "(`webhook-id`, `webhook-timestamp`, `webhook-signature`). At most 5 webhooks per principal: the 6th " +
          "is 422 with `code: webhook_limit_reached`. A URL the server may not call (scheme, or a host " +
          "resolving to a non-public address) is 422 with `code: webhook_url_refused`."
      )
  )
  .add(
    HttpApiEndpoint.get("list", "/webhooks")
      .addSuccess(Schema.Array(Webhook))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Your webhooks, oldest first (never their secrets)")
  )
  .add(
    HttpApiEndpoint.del("delete", "/webhooks/:id")
      .setPath(WebhookPath)
      .addError(domainErrors("WebhookNotFound"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Delete one of your webhooks and its delivery history")
  )
  .add(
    HttpApiEndpoint.post("ping", "/webhooks/:id/ping")
      .setPath(WebhookPath)
      .addSuccess(Schema.Void, { status: 202 })
      .addError(domainErrors("WebhookNotFound"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Send a `ping` event to one of your webhooks (delivered in the background)")
      .annotate(
        OpenApi.Description,
        "A webhook turned off (`active: false`, after 24 hours of failed attempts) is sent nothing, pings included."
      )
  )
  .add(
    HttpApiEndpoint.get("deliveries", "/webhooks/:id/deliveries")
      .setPath(WebhookPath)
      .setUrlParams(PageParams)
      .addSuccess(Schema.Array(WebhookDelivery))
      .addError(domainErrors("WebhookNotFound"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Deliveries to one of your webhooks, newest first, with their last attempt")
  )
  .prefix("/api")
{}
