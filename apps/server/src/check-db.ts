/** Entry point of `pnpm check-db`: verifies (or with --repair, repairs) a database's invariants (DatabaseCheck.ts). */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as DatabaseCheck from "./DatabaseCheck.js"

DatabaseCheck.main(process.argv.slice(2)).pipe(
  Effect.tapError((error) => Effect.logError(error.message)),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
