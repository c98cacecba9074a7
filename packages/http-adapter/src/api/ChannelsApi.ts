/** The channels group: creating, listing and subscribing to channels. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { Channel, ChannelSort, NewChannel, storableText } from "@holonet/domain"
import * as Schema from "effect/Schema"
import { Authorization } from "../Authorization.js"
import { domainErrors } from "../ErrorTable.js"
import { allIssues, optionalParam, pageParams } from "./Params.js"

export const ChannelListParams = Schema.Struct({ ...pageParams, sort: optionalParam(ChannelSort) })
  .annotations(allIssues)

export const ChannelPath = Schema.Struct({ name: Schema.String.pipe(Schema.maxLength(64), storableText) })

export class ChannelsGroup extends HttpApiGroup.make("channels")
  .add(
    HttpApiEndpoint.post("create", "/channels")
      .setPayload(NewChannel.annotations(allIssues))
      .addSuccess(Channel, { status: 201 })
      .addError(domainErrors("ChannelNameTaken"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Create a channel; you become its moderator")
  )
  .add(
    HttpApiEndpoint.get("list", "/channels")
      .setUrlParams(ChannelListParams)
      .addSuccess(Schema.Array(Channel))
      .annotate(OpenApi.Summary, "List channels")
  )
  .add(
    HttpApiEndpoint.get("get", "/channels/:name")
      .setPath(ChannelPath)
      .addSuccess(Channel)
      .addError(domainErrors("ChannelNotFound"))
      .annotate(OpenApi.Summary, "A channel by name")
  )
  .add(
    HttpApiEndpoint.post("subscribe", "/channels/:name/subscription")
      .setPath(ChannelPath)
      .addError(domainErrors("ChannelNotFound"))
      .middleware(Authorization)
      .annotate(
        OpenApi.Summary,
        "Subscribe to a channel (its posts reach your feed); subscribing again changes nothing"
      )
  )
  .add(
    HttpApiEndpoint.del("unsubscribe", "/channels/:name/subscription")
      .setPath(ChannelPath)
      .addError(domainErrors("ChannelNotFound"))
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Unsubscribe from a channel")
  )
  .prefix("/api")
{}
