/**
 * `@holonet/crypto-adapter/testing`: the credential adapters at test settings
 * and JWTs built by an independent implementation (jose), for tests of any
 * package that runs the real credentials. A test kit: it imports `jose` (an
 * optional peer dependency), which `src/` never does.
 */
export * from "./TestCredentials.js"
