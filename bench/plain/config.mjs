/**
 * plain.mjs's settings, from the same env variables Holonet reads (see the
 * header of bench/plain.mjs); a missing or bad one ends the process.
 */

const fail = (message) => {
  console.error(`plain: ${message}`)
  process.exit(1)
}
export const port = Number(process.env.PORT ?? 8000)
export const host = process.env.HOST ?? "127.0.0.1"
const databaseUrl = process.env.DATABASE_URL ?? fail("DATABASE_URL (sqlite:PATH) is required")
if (!databaseUrl.startsWith("sqlite:")) fail(`unsupported DATABASE_URL ${databaseUrl}`)
export const dbPath = databaseUrl.slice("sqlite:".length)
export const secretKey = Buffer.from(process.env.SECRET_KEY ?? "", "utf8")
if (secretKey.length < 32) fail("SECRET_KEY must be at least 32 bytes")
export const tokenTtlSeconds = Math.round(Number(process.env.ACCESS_TOKEN_EXPIRE_MINUTES ?? 30) * 60)
export const maxBodyBytes = 1024 * 1024
