/** `/health` and `/health/ready`: for load balancers, left out of the OpenAPI document. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import * as Schema from "effect/Schema"
import { ServiceUnavailableJson } from "../HttpErrors.js"

export const Health = Schema.Struct({ status: Schema.String })

export class HealthGroup extends HttpApiGroup.make("health", { topLevel: true })
  .add(HttpApiEndpoint.get("health", "/health").addSuccess(Health))
  .add(HttpApiEndpoint.get("ready", "/health/ready").addSuccess(Health).addError(ServiceUnavailableJson))
  .annotate(OpenApi.Exclude, true)
{}
