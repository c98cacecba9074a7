/** `@holonet/http-adapter`: the REST API of Holonet on @effect/platform. */
export * from "./Api.js"
export * from "./Authorization.js"
export * from "./HttpErrors.js"
export * from "./HttpLive.js"
