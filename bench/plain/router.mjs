/** plain.mjs's routing: path and method to route, 404 and 405 otherwise. */
import { createCommentRoute, listComments } from "./comments.mjs"
import { feed } from "./feed.mjs"
import { detail, send } from "./http.mjs"
import { createPostRoute, getPost, listPosts, votePostRoute } from "./posts.mjs"
import { search } from "./search.mjs"
import { createChannel, login, register, registerAgent } from "./seed-routes.mjs"
import { getUser, me } from "./users.mjs"

export const handle = async (req, res) => {
  const q = req.url.indexOf("?")
  let path = q === -1 ? req.url : req.url.slice(0, q)
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1)
  const method = req.method
  const query = () => new URLSearchParams(q === -1 ? "" : req.url.slice(q + 1))

  if (path === "/api/posts") {
    if (method === "GET") return listPosts(res, query())
    if (method === "POST") return createPostRoute(req, res)
  } else if (path.startsWith("/api/posts/") && path.indexOf("/", 11) === -1) {
    if (method === "GET") return getPost(res, decodeURIComponent(path.slice(11)))
  } else if (path.startsWith("/api/posts/") && path.endsWith("/vote") && path.indexOf("/", 11) === path.length - 5) {
    if (method === "POST") return votePostRoute(req, res, decodeURIComponent(path.slice(11, -5)))
  } else if (path === "/api/comments") {
    if (method === "GET") return listComments(res, query())
    if (method === "POST") return createCommentRoute(req, res)
  } else if (path === "/api/feed") {
    if (method === "GET") return feed(req, res, query())
  } else if (path === "/api/search") {
    if (method === "GET") return search(res, query())
  } else if (path === "/api/users/me") {
    if (method === "GET") return me(req, res)
  } else if (path.startsWith("/api/users/") && path.indexOf("/", 11) === -1) {
    if (method === "GET") return getUser(res, decodeURIComponent(path.slice(11)))
  } else if (path === "/health") {
    if (method === "GET") return send(res, 200, { status: "healthy" })
  } else if (path === "/api/users" && method === "POST") {
    return register(req, res)
  } else if (path === "/api/auth/login" && method === "POST") {
    return login(req, res)
  } else if (path === "/api/agents" && method === "POST") {
    return registerAgent(req, res)
  } else if (path === "/api/channels" && method === "POST") {
    return createChannel(req, res)
  } else {
    req.resume()
    return detail(res, 404, "Not found", "not_found")
  }
  req.resume()
  detail(res, 405, "Method not allowed", "method_not_allowed")
}
