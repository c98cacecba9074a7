/** `@holonet/server`: configuration and wiring, reusable by tests and tools. */
export * from "./AppConfig.js"
export * from "./DatabaseUrl.js"
export * as HttpServerNode from "./HttpServerNode.js"
export * from "./SecretKey.js"
export * as Server from "./Server.js"
