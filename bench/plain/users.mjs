/** plain.mjs's user reads: a profile by username, and the caller's own. */
import { authenticate } from "./auth.mjs"
import { stmt } from "./db.mjs"
import { detail, send, unauthorized } from "./http.mjs"
import { userJson } from "./json.mjs"

export const getUser = (res, username) => {
  const row = stmt.userByUsername.get(username.toLowerCase())
  if (row === undefined) return detail(res, 404, `User '${username}' not found`, "user_not_found")
  send(res, 200, userJson(row))
}

export const me = (req, res) => {
  const user = authenticate(req, true)
  if (user === undefined) return unauthorized(res)
  send(res, 200, userJson(user))
}
