/**
 * `@holonet/crypto-adapter`: the credential ports on node:crypto (scrypt
 * password hashes, HS256 access tokens, API keys stored as SHA-256 digests).
 */
export * as ApiKeysNode from "./ApiKeysNode.js"
export * as PasswordHasherScrypt from "./PasswordHasherScrypt.js"
export * as TokenIssuerJwt from "./TokenIssuerJwt.js"
