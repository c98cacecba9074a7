/** Liveness needs nothing; readiness asks the store. */
import { HttpApiBuilder } from "@effect/platform"
import { Readiness } from "@holonet/domain"
import { Effect } from "effect"
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
