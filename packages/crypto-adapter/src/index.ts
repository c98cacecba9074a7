/**
 * `@holonet/crypto-adapter`: the credential ports on node:crypto (scrypt
 * password hashes, HS256 access tokens, API keys stored as SHA-256 digests,
 * idempotent answers and stored secrets sealed with AES-256-GCM).
 */
export * as ApiKeysNode from "./ApiKeysNode.js"
export * as IdempotencyCryptoNode from "./IdempotencyCryptoNode.js"
export * as PasswordHasherScrypt from "./PasswordHasherScrypt.js"
export * as SecretSealerNode from "./SecretSealerNode.js"
export * as TokenIssuerJwt from "./TokenIssuerJwt.js"
