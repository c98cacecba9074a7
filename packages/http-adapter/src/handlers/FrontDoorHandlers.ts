/**
 * Serves skill.md and llms.txt. Both are rendered once, when the layer is
 * built, from the OpenAPI document of HoloApi and the settings in force:
 * neither changes while the server runs, so a request only sends bytes.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as OpenApi from "@effect/platform/OpenApi"
import { RateLimitSettings } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { HoloApi } from "../Api.js"
import { markdownContentType, plainTextContentType } from "../api/FrontDoorApi.js"
import { llmsText } from "../LlmsTxt.js"
import { OpenApiDocument } from "../RouteReference.js"
import { skillMarkdown } from "../SkillDoc.js"

/** What the documents say about this deployment beyond the API and its rate limits. */
export interface FrontDoorOptions {
  /** Where clients reach the server (`PUBLIC_URL`). */
  readonly publicUrl: string
  readonly maxBodyBytes: number
  readonly aiProvider: boolean
}

// Short enough that a redeploy with new limits is seen soon, long enough to spare repeated fetches.
const cacheControl = "public, max-age=300"

export const layer = (options: FrontDoorOptions) =>
  HttpApiBuilder.group(HoloApi, "frontDoor", (handlers) =>
    Effect.gen(function*() {
      const rateLimits = yield* RateLimitSettings
      const doc = yield* Schema.decodeUnknown(OpenApiDocument)(OpenApi.fromApi(HoloApi)).pipe(Effect.orDie)
      const settings = {
        baseUrl: options.publicUrl,
        rateLimits,
        maxBodyBytes: options.maxBodyBytes,
        aiProvider: options.aiProvider,
        // Served when the API has it, so the documents cannot promise an endpoint that is not there.
        mcp: doc.paths["/mcp"] !== undefined
      }
      const skill = HttpServerResponse.text(skillMarkdown(doc, settings), {
        contentType: markdownContentType,
        headers: { "cache-control": cacheControl }
      })
      const llms = HttpServerResponse.text(llmsText(settings), {
        contentType: plainTextContentType,
        headers: { "cache-control": cacheControl }
      })
      return handlers
        .handle("skill", () => Effect.succeed(skill))
        .handle("llms", () => Effect.succeed(llms))
    }))
