/** Holonet server entry point: build every layer and run until a signal. */
import { NodeRuntime } from "@effect/platform-node"
import { Layer } from "effect"
import * as Server from "./Server.js"

Layer.launch(Server.layer).pipe(NodeRuntime.runMain)
