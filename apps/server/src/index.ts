/** `@holonet/server`: configuration and wiring, reusable by tests and tools. */
export * from "./AppConfig.js"
export * from "./DatabaseUrl.js"
export * from "./HttpServerNode.js"
export * from "./Layers.js"
export * from "./SecretKey.js"
