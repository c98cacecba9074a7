/**
 * Post-processing of the generated OpenAPI document.
 * - HttpApi always declares a 400 `HttpApiDecodeError` answer, but Holonet
 *   turns every decode failure into FastAPI's 422, so the 400s and their
 *   schemas would only mislead.
 * - HttpApi marks every operation behind a security middleware as requiring
 *   it; operations where the token is optional get the empty requirement `{}`
 *   added, which is how OpenAPI says "anonymous is fine too".
 * - 429 and 503 answers document their `Retry-After` header, which the error
 *   schema can't express (a 503 sends it when the model provider is rate limited).
 * - HttpApi marks every request body as required; operations whose body may
 *   be left out (it then reads as `{}`) say so.
 * - POST, PATCH and DELETE take the optional `Idempotency-Key` header, read
 *   by a middleware around the app rather than by each endpoint.
 */
import { idempotencyKeyPattern } from "@holonet/domain"
import * as Predicate from "effect/Predicate"
import * as Record from "effect/Record"

const unusedSchemas = new Set(["HttpApiDecodeError", "Issue", "PropertyKey"])

const isDecodeError400 = (status: string, response: unknown) =>
  status === "400" && JSON.stringify(response).includes("#/components/schemas/HttpApiDecodeError")

const cleanOperation = (operation: unknown) =>
  Predicate.isRecord(operation) && Predicate.isRecord(operation.responses)
    ? { ...operation, responses: Record.filter(operation.responses, (r, status) => !isDecodeError400(status, r)) }
    : operation

export const withoutDecodeError400 = (spec: Record<string, unknown>): Record<string, unknown> => {
  const paths = Predicate.isRecord(spec.paths)
    ? Record.map(spec.paths, (item) => Predicate.isRecord(item) ? Record.map(item, cleanOperation) : item)
    : spec.paths
  const components = Predicate.isRecord(spec.components) && Predicate.isRecord(spec.components.schemas)
    ? { ...spec.components, schemas: Record.filter(spec.components.schemas, (_, name) => !unusedSchemas.has(name)) }
    : spec.components
  return { ...spec, paths, components }
}

const allowAnonymous = (operation: unknown) =>
  Predicate.isRecord(operation) && Array.isArray(operation.security)
    ? { ...operation, security: [{}, ...operation.security] }
    : operation

/** Applies `change` to the operations named in `operationIds`, leaving the others as they are. */
const changeOperations = (
  spec: Record<string, unknown>,
  operationIds: ReadonlySet<string>,
  change: (operation: unknown) => unknown
): Record<string, unknown> => {
  const paths = Predicate.isRecord(spec.paths)
    ? Record.map(spec.paths, (item) =>
      Predicate.isRecord(item)
        ? Record.map(item, (operation) =>
          Predicate.isRecord(operation) && typeof operation.operationId === "string" &&
            operationIds.has(operation.operationId)
            ? change(operation)
            : operation)
        : item)
    : spec.paths
  return { ...spec, paths }
}

export const withAnonymousAllowed = (
  spec: Record<string, unknown>,
  operationIds: ReadonlySet<string>
): Record<string, unknown> => changeOperations(spec, operationIds, allowAnonymous)

const retryAfter = {
  "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer", minimum: 1 } }
}

/** 429, and 503 (a rate-limited model provider; the header is then present). */
const retryAfterStatuses = ["429", "503"]

const documentRetryAfter = (operation: unknown) =>
  Predicate.isRecord(operation) && Predicate.isRecord(operation.responses)
    ? {
      ...operation,
      responses: Record.map(
        operation.responses,
        (response, status) =>
          retryAfterStatuses.includes(status) && Predicate.isRecord(response)
            ? { ...response, headers: retryAfter }
            : response
      )
    }
    : operation

export const withRetryAfterHeader = (spec: Record<string, unknown>): Record<string, unknown> => {
  const paths = Predicate.isRecord(spec.paths)
    ? Record.map(spec.paths, (item) => Predicate.isRecord(item) ? Record.map(item, documentRetryAfter) : item)
    : spec.paths
  return { ...spec, paths }
}

const bodyOptional = (operation: unknown) =>
  Predicate.isRecord(operation) && Predicate.isRecord(operation.requestBody)
    ? { ...operation, requestBody: { ...operation.requestBody, required: false } }
    : operation

export const withOptionalBody = (
  spec: Record<string, unknown>,
  operationIds: ReadonlySet<string>
): Record<string, unknown> => changeOperations(spec, operationIds, bodyOptional)

const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Retry safely: the same key with the same request replays the first answer " +
    "(`Idempotent-Replayed: true`) for 24 hours; with another request it is 422 `idempotency_key_reused`, " +
    "while the first still runs 409 `idempotency_key_in_use`",
  schema: { type: "string", pattern: idempotencyKeyPattern.source }
}

const idempotentMethods = new Set(["post", "patch", "delete"])

const acceptIdempotencyKey = (operation: unknown) =>
  Predicate.isRecord(operation)
    ? {
      ...operation,
      parameters: [...(Array.isArray(operation.parameters) ? operation.parameters : []), idempotencyKey]
    }
    : operation

export const withIdempotencyKey = (spec: Record<string, unknown>): Record<string, unknown> => {
  const paths = Predicate.isRecord(spec.paths)
    ? Record.map(spec.paths, (item) =>
      Predicate.isRecord(item)
        ? Record.map(item, (operation, method) =>
          idempotentMethods.has(method) ? acceptIdempotencyKey(operation) : operation)
        : item)
    : spec.paths
  return { ...spec, paths }
}
