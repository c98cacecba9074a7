/** Liveness needs nothing; readiness asks the store. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import { Readiness } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { HoloApi } from "../Api.js"
import { ServiceUnavailable } from "../HttpErrors.js"

export const layer = HttpApiBuilder.group(HoloApi, "health", (handlers) =>
  Effect.gen(function*() {
    const readiness = yield* Readiness
    return handlers
      .handle("health", () => Effect.succeed({ status: "healthy" }))
      .handle("ready", () =>
        Effect.flatMap(readiness.check, (ok) =>
          ok
            ? Effect.succeed({ status: "ready" })
            : Effect.fail(new ServiceUnavailable({ detail: "Database is not answering", code: "not_ready" }))))
  }))
