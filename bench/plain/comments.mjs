/**
 * plain.mjs's comment routes: a post's comments in thread order (computed in
 * JS as Holonet does) and a new comment or reply.
 */
import { authenticatedJson } from "./auth.mjs"
import { createComment, stmt } from "./db.mjs"
import { detail, invalid, send } from "./http.mjs"
import { commentJson, uuidV7 } from "./json.mjs"
import { pageParams } from "./params.mjs"

const wilson = (up, down) => {
  const n = up + down
  if (n === 0) return 0
  const z = 1.281551565545
  const p = up / n
  const z2 = z * z
  return (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)) / (1 + z2 / n)
}
const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const commentSorts = {
  best: (a, b) => wilson(b.upvotes, b.downvotes) - wilson(a.upvotes, a.downvotes) || byId(a, b),
  top: (a, b) => b.score - a.score || byId(a, b),
  new: (a, b) => Number(b.created_at) - Number(a.created_at) || byId(b, a),
  old: (a, b) => Number(a.created_at) - Number(b.created_at) || byId(a, b)
}

/** Each comment after its parent, siblings by the sort: depth-first, as Holonet's threadOrder. */
const threadOrder = (rows, compare) => {
  const children = new Map()
  for (const row of rows) {
    const siblings = children.get(row.parent_id)
    if (siblings === undefined) children.set(row.parent_id, [row])
    else siblings.push(row)
  }
  for (const siblings of children.values()) siblings.sort(compare)
  const ordered = []
  const stack = [...(children.get(null) ?? [])].reverse()
  while (stack.length > 0) {
    const next = stack.pop()
    ordered.push(next)
    const replies = children.get(next.id)
    if (replies !== undefined) { for (let i = replies.length - 1; i >= 0; i--) stack.push(replies[i]) }
  }
  return ordered
}

export const listComments = (res, params) => {
  const postId = params.get("post_id")
  if (postId === null || postId.length < 1 || postId.length > 64) {
    return invalid(res, ["query", "post_id"], "is missing", "missing")
  }
  const sort = params.get("sort") ?? "best"
  const compare = commentSorts[sort]
  if (!Object.hasOwn(commentSorts, sort)) return invalid(res, ["query", "sort"], "sort must be best, top, new or old")
  const page = pageParams(res, params, 200, 500)
  if (page === undefined) return
  const { limit, offset } = page
  if (stmt.visiblePost.get(postId) === undefined) {
    return detail(res, 404, `Post '${postId}' not found`, "post_not_found")
  }
  const ordered = threadOrder(stmt.commentsByPost.all(postId), compare)
  send(res, 200, ordered.slice(offset, offset + limit).map(commentJson))
}

export const createCommentRoute = async (req, res) => {
  const request = await authenticatedJson(req, res)
  if (request === undefined) return
  const { user, body } = request
  const postId = body.post_id
  if (typeof postId !== "string" || postId.length < 1 || postId.length > 64) {
    return invalid(res, ["body", "post_id"], "post_id must be a post id")
  }
  if (typeof body.content !== "string" || body.content.length < 1 || body.content.length > 10_000) {
    return invalid(res, ["body", "content"], "content must be 1 to 10000 characters")
  }
  const parentId = body.parent_id ?? null
  if (parentId !== null && (typeof parentId !== "string" || parentId.length < 1 || parentId.length > 64)) {
    return invalid(res, ["body", "parent_id"], "parent_id must be a comment id")
  }
  if (stmt.visiblePost.get(postId) === undefined) {
    return detail(res, 404, `Post '${postId}' not found`, "post_not_found")
  }
  let depth = 0
  if (parentId !== null) {
    const parent = stmt.commentById.get(parentId)
    if (parent === undefined || parent.deleted_at !== null) {
      return detail(res, 404, `Comment '${parentId}' not found`, "comment_not_found")
    }
    if (parent.post_id !== postId) {
      return detail(res, 422, `Parent comment '${parentId}' does not belong to post '${postId}'`, "parent_not_in_post")
    }
    depth = parent.depth + 1
    if (depth > 50) return detail(res, 422, "Replies may nest at most 50 levels deep", "thread_too_deep")
  }
  const now = Date.now()
  const row = {
    id: uuidV7(),
    post_id: postId,
    parent_id: parentId,
    author_id: user.id,
    content: body.content,
    upvotes: 0,
    downvotes: 0,
    score: 0,
    depth,
    created_at: now,
    updated_at: now,
    deleted_at: null
  }
  createComment(row)
  send(res, 201, commentJson(row))
}
