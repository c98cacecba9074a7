/** `/health` and `/health/ready`: for load balancers, left out of the OpenAPI document. */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ServiceUnavailableJson } from "../HttpErrors.js"

export const Health = Schema.Struct({ status: Schema.String })

export class HealthGroup extends HttpApiGroup.make("health", { topLevel: true })
  .add(HttpApiEndpoint.get("health", "/health").addSuccess(Health))
  .add(HttpApiEndpoint.get("ready", "/health/ready").addSuccess(Health).addError(ServiceUnavailableJson))
  .annotate(OpenApi.Exclude, true)
{}
