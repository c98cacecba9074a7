/** Entry point of `pnpm db:copy`: copies a SQLite database into PostgreSQL (DatabaseCopy.ts). */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as DatabaseCopy from "./DatabaseCopy.js"

DatabaseCopy.main(process.argv.slice(2)).pipe(
  Effect.tapError((error) => Effect.logError(error.message)),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
