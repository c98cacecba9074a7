/**
 * API documentation served offline: the OpenAPI document, Swagger UI and the
 * Scalar reference page (at /api/redoc, where the original served ReDoc).
 * Their scripts are inlined by @effect/platform; nothing loads from a CDN.
 */
import { HttpApiBuilder, HttpApiScalar, HttpApiSwagger } from "@effect/platform"
import { Layer } from "effect"

export const layer = Layer.mergeAll(
  HttpApiBuilder.middlewareOpenApi({ path: "/api/openapi.json" }),
  HttpApiSwagger.layer({ path: "/api/docs" }),
  HttpApiScalar.layer({ path: "/api/redoc" })
)
