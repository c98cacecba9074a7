/** Holonet server entry point: build every layer and run until a signal. */
import { NodeRuntime } from "@effect/platform-node"
import { Layer } from "effect"
import { MainLive } from "./Layers.js"

Layer.launch(MainLive).pipe(NodeRuntime.runMain)
