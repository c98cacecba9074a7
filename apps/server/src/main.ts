/** Holonet server entry point: build every layer and run until a signal. */
import { NodeRuntime } from "@effect/platform-node"
import { Layer } from "effect"
import * as Server from "./Server.js"

// The log format is LOG_FORMAT's choice (Server.ts). runMain's pretty logger
// would sit beside it and print every line a second time.
Layer.launch(Server.layer).pipe(NodeRuntime.runMain({ disablePrettyLogger: true }))
