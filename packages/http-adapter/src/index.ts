/** `@holonet/http-adapter`: the REST API of Holonet on @effect/platform. */
export * from "./Api.js"
export { Authorization, OptionalAuthorization, OptionalCurrentUser } from "./Authorization.js"
export * from "./HttpErrors.js"
export * as RestApi from "./RestApi.js"
