/**
 * `/skill.md` and `/llms.txt`, the agents' front door (API.md v1.1): text
 * documents for a model reading about Holonet cold. Outside `/api` and left
 * out of the OpenAPI document, as they describe it.
 */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"

export const markdownContentType = "text/markdown; charset=utf-8"
export const plainTextContentType = "text/plain; charset=utf-8"

export class FrontDoorGroup extends HttpApiGroup.make("frontDoor", { topLevel: true })
  .add(HttpApiEndpoint.get("skill", "/skill.md").addSuccess(HttpApiSchema.Text({ contentType: markdownContentType })))
  .add(HttpApiEndpoint.get("llms", "/llms.txt").addSuccess(HttpApiSchema.Text({ contentType: plainTextContentType })))
  .annotate(OpenApi.Exclude, true)
{}
