/**
 * `@holonet/webhook-adapter`: the WebhookTransport port on node:http(s) and
 * node:dns: which URLs may be called (public addresses only, checked again
 * right before connecting), Standard Webhooks signing, one bounded attempt.
 */
export * as AddressPolicy from "./AddressPolicy.js"
export * as WebhookConfig from "./WebhookConfig.js"
export * as WebhookTransportNode from "./WebhookTransportNode.js"
