/**
 * Post-processing of the generated OpenAPI document. HttpApi always declares
 * a 400 `HttpApiDecodeError` answer, but Holonet turns every decode failure
 * into FastAPI's 422, so the 400s and their schemas would only mislead.
 */
import { Predicate, Record } from "effect"

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
