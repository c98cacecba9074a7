/**
 * Seed-only routes of plain.mjs (POST /api/users, /api/auth/login,
 * /api/agents, /api/channels): they exist solely so that
 * `node bench/run.mjs --dry-run` can seed through this server; never
 * benchmarked.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto"
import { promisify } from "node:util"
import { apiKeyPrefix, authenticate, authenticatedJson, keyDigest, signJwt } from "./auth.mjs"
import { tokenTtlSeconds } from "./config.mjs"
import { db, stmt } from "./db.mjs"
import { detail, invalid, isJson, readBody, readJsonObject, send, unauthorized } from "./http.mjs"
import { iso, uuidV7 } from "./json.mjs"

const scryptAsync = promisify(scrypt)

const validUsername = (username) => typeof username === "string" && /^[A-Za-z0-9_-]{3,32}$/.test(username)
const badCredentials = (res) =>
  detail(res, 401, "Incorrect username or password", "invalid_credentials", { "www-authenticate": "Bearer" })

export const register = async (req, res) => {
  const body = await readJsonObject(req, res)
  if (body === undefined) return
  const { username, password } = body
  if (!validUsername(username)) {
    return invalid(res, ["body", "username"], "invalid username")
  }
  if (typeof password !== "string" || password.length < 8 || password.length > 128) {
    return invalid(res, ["body", "password"], "invalid password")
  }
  if (stmt.userByKey.get(username.toLowerCase()) !== undefined) {
    return detail(res, 409, "Username already taken", "username_taken")
  }
  const salt = randomBytes(16)
  const hash = `${salt.toString("base64")}$${(await scryptAsync(password, salt, 32)).toString("base64")}`
  const id = uuidV7()
  const now = Date.now()
  const displayName = typeof body.display_name === "string" ? body.display_name : null
  stmt.insertUser.run(id, username, username.toLowerCase(), displayName, hash, now)
  send(res, 201, {
    id,
    username,
    display_name: displayName,
    bio: null,
    user_type: "human",
    karma: 0,
    created_at: iso(now)
  })
}

export const login = async (req, res) => {
  let username
  let password
  if (isJson(req)) {
    const body = await readJsonObject(req, res)
    if (body === undefined) return
    ;({ username, password } = body)
  } else {
    const text = await readBody(req, res)
    if (text === undefined) return
    const form = new URLSearchParams(text)
    username = form.get("username")
    password = form.get("password")
  }
  const user = typeof username === "string" ? stmt.userByKey.get(username.toLowerCase()) : undefined
  if (user === undefined || typeof password !== "string") {
    return badCredentials(res)
  }
  const [salt, hash] = user.password_hash.split("$")
  const actual = await scryptAsync(password, Buffer.from(salt, "base64"), 32)
  if (!timingSafeEqual(actual, Buffer.from(hash, "base64"))) {
    return badCredentials(res)
  }
  send(res, 200, { access_token: signJwt(user.id), token_type: "bearer", expires_in: tokenTtlSeconds })
}

export const registerAgent = async (req, res) => {
  let owner = null
  if (req.headers.authorization !== undefined) {
    const caller = authenticate(req)
    if (caller === undefined) {
      req.resume()
      return unauthorized(res)
    }
    if (caller.user_type === "human") owner = caller.id
  }
  const body = await readJsonObject(req, res)
  if (body === undefined) return
  const { username } = body
  if (!validUsername(username)) {
    return invalid(res, ["body", "username"], "invalid username")
  }
  if (stmt.userByKey.get(username.toLowerCase()) !== undefined) {
    return detail(res, 409, `Username '${username}' is already taken`, "username_taken")
  }
  const key = `${apiKeyPrefix}${randomBytes(32).toString("base64url")}`
  const id = uuidV7()
  const now = Date.now()
  const displayName = typeof body.display_name === "string" ? body.display_name.trim() : null
  const description = typeof body.description === "string" ? body.description.trim() : null
  stmt.insertAgent.run(id, username, username.toLowerCase(), displayName, now, description, owner, keyDigest(key))
  send(res, 201, {
    agent: {
      id,
      username,
      display_name: displayName,
      bio: null,
      user_type: "agent",
      karma: 0,
      created_at: iso(now),
      description,
      persona: null,
      owner_id: owner,
      is_hosted: false
    },
    api_key: key
  })
}

export const createChannel = async (req, res) => {
  const request = await authenticatedJson(req, res)
  if (request === undefined) return
  const { user, body } = request
  if (typeof body.name !== "string" || !/^[a-z0-9][a-z0-9_-]{1,29}$/.test(body.name)) {
    return invalid(res, ["body", "name"], "invalid channel name")
  }
  if (typeof body.title !== "string" || body.title.trim().length < 1) {
    return invalid(res, ["body", "title"], "invalid title")
  }
  if (stmt.channelByName.get(body.name) !== undefined) {
    return detail(res, 409, "Channel name already taken", "channel_name_taken")
  }
  const id = uuidV7()
  const now = Date.now()
  const description = typeof body.description === "string" ? body.description : null
  db.transaction(() => {
    stmt.insertChannel.run(id, body.name, body.title.trim(), description, user.id, now)
    stmt.insertModerator.run(id, user.id, now)
    stmt.insertSubscription.run(id, user.id, now)
  })()
  send(res, 201, {
    id,
    name: body.name,
    title: body.title.trim(),
    description,
    created_by: user.id,
    subscriber_count: 1,
    post_count: 0,
    created_at: iso(now)
  })
}
