/**
 * plain.mjs's credentials, checked as Holonet checks them: an HS256 JWT
 * (signed with SECRET_KEY, `exp` and `sub` required) or an agent's API key
 * (SHA-256 digest looked up by its index, compared in constant time).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto"
import { secretKey, tokenTtlSeconds } from "./config.mjs"
import { stmt } from "./db.mjs"
import { readJsonObject, unauthorized } from "./http.mjs"

const base64url = (buf) => buf.toString("base64url")

export const signJwt = (sub) => {
  const now = Math.floor(Date.now() / 1000)
  const header = base64url(Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })))
  const payload = base64url(Buffer.from(JSON.stringify({ sub, iat: now, exp: now + tokenTtlSeconds })))
  const signature = base64url(createHmac("sha256", secretKey).update(`${header}.${payload}`).digest())
  return `${header}.${payload}.${signature}`
}

/** HS256 only, signature checked in constant time, `exp` and `sub` required. Returns sub or undefined. */
const verifyJwt = (token) => {
  const parts = token.split(".")
  if (parts.length !== 3) return undefined
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"))
    if (header?.alg !== "HS256") return undefined
    const expected = createHmac("sha256", secretKey).update(`${parts[0]}.${parts[1]}`).digest()
    const given = Buffer.from(parts[2], "base64url")
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"))
    if (typeof payload?.exp !== "number" || payload.exp <= Date.now() / 1000) return undefined
    if (typeof payload.nbf === "number" && payload.nbf > Date.now() / 1000) return undefined
    return typeof payload.sub === "string" ? payload.sub : undefined
  } catch {
    return undefined
  }
}

export const apiKeyPrefix = "hn_"
export const keyDigest = (key) => createHash("sha256").update(key, "utf8").digest("hex")

/** The active agent holding this API key (its users row), or undefined. */
const agentByKey = (key) => {
  const digest = keyDigest(key)
  const row = stmt.agentByKeyDigest.get(digest)
  if (row === undefined) return undefined
  const stored = Buffer.from(row.api_key_digest, "hex")
  const given = Buffer.from(digest, "hex")
  return stored.length === given.length && timingSafeEqual(stored, given) ? row : undefined
}

/**
 * The current user from `Authorization: Bearer <jwt or API key>`, or
 * undefined: {id, user_type} for a JWT (`full` false), the whole users row
 * otherwise.
 */
export const authenticate = (req, full = false) => {
  const header = req.headers.authorization
  if (header === undefined || !header.startsWith("Bearer ")) return undefined
  const token = header.slice(7).trim()
  if (token.startsWith(apiKeyPrefix)) return agentByKey(token)
  const sub = verifyJwt(token)
  if (sub === undefined) return undefined
  return full ? stmt.userProfileById.get(sub) : stmt.userById.get(sub)
}

/** The caller and the JSON object body of an authenticated write; undefined once an error was answered. */
export const authenticatedJson = async (req, res) => {
  const user = authenticate(req)
  if (user === undefined) {
    req.resume()
    unauthorized(res)
    return undefined
  }
  const body = await readJsonObject(req, res)
  return body === undefined ? undefined : { user, body }
}
