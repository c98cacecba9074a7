/** Holonet server entry point: one server, or a cluster of them (WORKERS), until a signal. */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Launch from "./Launch.js"

// The log format is LOG_FORMAT's choice (Server.ts). runMain's pretty logger
// would sit beside it and print every line a second time.
Launch.main.pipe(NodeRuntime.runMain({ disablePrettyLogger: true }))
