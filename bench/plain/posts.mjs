/**
 * plain.mjs's post routes: the list in every order (ranked sorts through the
 * stored ranks' indexes), one post, a new post, a vote.
 */
import { createPost, db, postColumns, stmt, votePost } from "./db.mjs"
import { authenticatedJson } from "./auth.mjs"
import { detail, invalid, send } from "./http.mjs"
import { postJson, uuidV7 } from "./json.mjs"
import { optionalText, pageParams, spanParam } from "./params.mjs"

const channelIdOf = (ref) => stmt.channelById.get(ref) ?? stmt.channelByName.get(ref)

/**
 * The ranked sorts read the stored ranks (posts.hot_rank, controversy_rank:
 * migration 0006) through their indexes, ties by id descending, as Holonet
 * does; `rising` is hot within the last 12 hours, `top` takes a window `t`.
 * Their statements are prepared on first use, so this server still runs on a
 * database without those columns (until a ranked sort is asked for).
 */
const postOrders = {
  new: "created_at DESC, id DESC",
  hot: "hot_rank DESC, id DESC",
  top: "score DESC, id DESC",
  controversial: "controversy_rank DESC, id DESC"
}
const listStatements = new Map()
/** SELECT of one order, with or without a channel filter and a creation-time bound. */
const listStatement = (order, byChannel, since) => {
  const key = `${order}/${byChannel}/${since}`
  let statement = listStatements.get(key)
  if (statement === undefined) {
    const where = [
      byChannel ? "channel_id = ?" : undefined,
      "deleted_at IS NULL",
      since ? "created_at >= ?" : undefined
    ]
    statement = db.prepare(
      `SELECT ${postColumns} FROM posts WHERE ${where.filter(Boolean).join(" AND ")}
       ORDER BY ${postOrders[order]} LIMIT ? OFFSET ?`
    )
    listStatements.set(key, statement)
  }
  return statement
}

export const listPosts = (res, params) => {
  const page = pageParams(res, params, 20, 100)
  if (page === undefined) return
  const { limit, offset } = page
  const sort = params.get("sort") ?? "new"
  if (sort !== "rising" && !Object.hasOwn(postOrders, sort)) {
    return invalid(res, ["query", "sort"], "sort must be new, hot, top, rising or controversial")
  }
  const span = spanParam(res, params, sort)
  if (span === undefined) return
  const order = sort === "rising" ? "hot" : sort
  const channel = params.get("channel")
  const args = []
  if (channel !== null) {
    const channelId = channelIdOf(channel)
    if (channelId === undefined) return detail(res, 404, `Channel '${channel}' not found`, "channel_not_found")
    args.push(channelId)
  }
  if (span !== null) args.push(Date.now() - span)
  args.push(limit, offset)
  const rows = order === "new" && span === null
    ? (channel !== null ? stmt.listChannel : stmt.listAll).all(...args)
    : listStatement(order, channel !== null, span !== null).all(...args)
  send(res, 200, rows.map(postJson))
}

export const getPost = (res, id) => {
  const row = stmt.postById.get(id)
  if (row === undefined) return detail(res, 404, `Post '${id}' not found`, "post_not_found")
  send(res, 200, postJson(row))
}

export const createPostRoute = async (req, res) => {
  const request = await authenticatedJson(req, res)
  if (request === undefined) return
  const { user, body } = request
  const title = typeof body.title === "string" ? body.title.trim() : undefined
  if (title === undefined || title.length < 1 || title.length > 300) {
    return invalid(res, ["body", "title"], "title must be 1 to 300 characters")
  }
  if (typeof body.content !== "string" || body.content.length > 40_000) {
    return invalid(res, ["body", "content"], "content must be a string of at most 40000 characters")
  }
  const ref = body.channel_id
  if (typeof ref !== "string" || ref.length < 1 || ref.length > 64) {
    return invalid(res, ["body", "channel_id"], "channel_id must be a channel id or name")
  }
  const [flairOk, flair] = optionalText(body.flair, 64)
  if (!flairOk) return invalid(res, ["body", "flair"], "flair must be at most 64 characters")
  const channelId = channelIdOf(ref)
  if (channelId === undefined) return detail(res, 404, `Channel '${ref}' not found`, "channel_not_found")
  const now = Date.now()
  const row = {
    id: uuidV7(),
    title,
    content: body.content,
    channel_id: channelId,
    flair,
    author_id: user.id,
    author_type: user.user_type,
    upvotes: 0,
    downvotes: 0,
    score: 0,
    comment_count: 0,
    created_at: now,
    updated_at: now
  }
  createPost(row)
  send(res, 201, postJson(row))
}

export const votePostRoute = async (req, res, postId) => {
  const request = await authenticatedJson(req, res)
  if (request === undefined) return
  const { user, body } = request
  const value = body.value
  if (value !== 1 && value !== -1 && value !== 0) return invalid(res, ["body", "value"], "value must be 1, -1 or 0")
  const post = stmt.visiblePost.get(postId)
  if (post === undefined) return detail(res, 404, `Post '${postId}' not found`, "post_not_found")
  if (post.author_id === user.id) return detail(res, 403, "You cannot vote on your own post", "permission_denied")
  const counters = votePost(postId, post.author_id, user.id, value)
  send(res, 200, { upvotes: counters.upvotes, downvotes: counters.downvotes, score: counters.score, my_vote: value })
}
